import JSONValue
import Testing
@testable import ASL

@Suite struct IntrinsicStringTests {
    @Test func split() throws {
        #expect(try intrinsic("States.StringSplit($.s, ',')", #"{"s":"1,2,3,4,5"}"#) == json(#"["1","2","3","4","5"]"#))
        #expect(try intrinsic("States.StringSplit($.s, ',')", #"{"s":", , ,"}"#) == json(#"[" "," "]"#))
        #expect(try intrinsic("States.StringSplit($.s, ',')", #"{"s":" "}"#) == json(#"[" "]"#))
        #expect(try intrinsic("States.StringSplit($.s, '.+,=')", #"{"s":"This.is+a,test=string"}"#) == json(#"["This","is","a","test","string"]"#))
        #expect(try intrinsic("States.StringSplit($.s, ',')", #"{"s":"Value6\n,,,\ntrue,'x'\n"}"#) == json(#"["Value6\n","\ntrue","'x'\n"]"#))
        #expect(intrinsicError("States.StringSplit($.s, ',')", #"{"s":1}"#) == invalid("States.StringSplit"))
        #expect(try intrinsic("States.StringSplit($.s, ',')", #"{"s":""}"#) == json("[]"))
        #expect(try intrinsic("States.StringSplit($.s, '')", #"{"s":"abc"}"#) == json(#"["abc"]"#))
        #expect(try intrinsic("States.StringSplit($.s, 'ab')", #"{"s":"1a2b3ab4"}"#) == json(#"["1","2","3","4"]"#))
        #expect(intrinsicError("States.StringSplit($.s, $.d)", #"{"s":"a,b","d":null}"#) == invalid("States.StringSplit"))
    }

    @Test func uuidIsVersion4AndSeeded() throws {
        let a = try intrinsic("States.UUID()", seed: 1).stringValue ?? ""
        let b = try intrinsic("States.UUID()", seed: 2).stringValue ?? ""
        #expect(a.count == 36 && b.count == 36 && a != b)
        let chars = Array(a)
        #expect(chars[8] == "-" && chars[13] == "-" && chars[18] == "-" && chars[23] == "-")
        #expect(chars[14] == "4")
        #expect("89ab".contains(chars[19]))
        #expect(try intrinsic("States.UUID()", seed: 1).stringValue == a)
        let two = try DataFlow.evaluateTemplate(json(#"{"a.$":"States.UUID()","b.$":"States.UUID()"}"#),
                                                in: PathEnvironment(input: .null, context: .null, randomSeed: 7))
        #expect(two["a"] != two["b"])
    }
}

@Suite struct IntrinsicMathTests {
    @Test func addRoundsHalfUp() throws {
        // Recorded on AWS: 1.5 → 2, 2.5 → 3, -1.5 → -1, -3.5 → -3, 1.49 → 1.
        for (value, expected) in [("1.5", 2), ("2.5", 3), ("3.5", 4), ("-1.5", -1), ("-3.5", -3), ("1.49", 1)] {
            #expect(try intrinsic("States.MathAdd($.v, 0)", #"{"v":\#(value)}"#) == .int(expected), "\(value)")
        }
        #expect(try intrinsic("States.MathAdd($.v, -1)", #"{"v":10}"#) == .int(9))
        #expect(try intrinsic("States.MathAdd(2147483646, 1)") == .int(2147483647))
        #expect(try intrinsic("States.MathAdd(-2147483647, -1)") == .int(-2147483648))
        #expect(intrinsicError("States.MathAdd(2147483647, 1)") == invalid("States.MathAdd"))
        #expect(intrinsicError("States.MathAdd(-2147483648, -1)") == invalid("States.MathAdd"))
        #expect(intrinsicError("States.MathAdd(true, 1)") == invalid("States.MathAdd"))
        #expect(try intrinsic("States.MathAdd($.a, $.b)", #"{"a":1.6,"b":2.7}"#) == .int(5))
        #expect(intrinsicError("States.MathAdd(2147483648, 1)") == invalid("States.MathAdd"))
        #expect(intrinsicError("States.MathAdd('1', 1)") == invalid("States.MathAdd"))
    }

    @Test func random() throws {
        for seed in 0..<50 as Range<UInt64> {
            let v = try intrinsic("States.MathRandom(-99999, -9999)", seed: seed).numberValue?.int ?? 0
            #expect(v >= -99999 && v < -9999)
        }
        #expect(try intrinsic("States.MathRandom(1, 1000, 42)", seed: 1) == intrinsic("States.MathRandom(1, 1000, 42)", seed: 2))
        #expect(try intrinsic("States.MathRandom(5, 6)") == .int(5))
        #expect(intrinsicError("States.MathRandom(5, 5)") == invalid("States.MathRandom"))
        #expect(intrinsicError("States.MathRandom(10, 5)") == invalid("States.MathRandom"))
        #expect(intrinsicError("States.MathRandom(1.4, 1.6)") == invalid("States.MathRandom"))
        #expect(intrinsicError("States.MathRandom(1, 10, null)") == invalid("States.MathRandom"))
        #expect(intrinsicError("States.MathRandom('a', 10)") == invalid("States.MathRandom"))
        for seed in 0..<30 as Range<UInt64> {
            let v = try intrinsic("States.MathRandom(1.6, 5.4)", seed: seed).numberValue?.int ?? 0
            #expect(v >= 1 && v < 5)
        }
    }
}
