import Testing
@testable import ASL

func intrinsic(_ expression: String, _ input: String = "{}", variables: String = "{}", seed: UInt64 = 0) throws(StatesError) -> JSON {
    try DataFlow.evaluateIntrinsic(expression, in: PathEnvironment(input: json(input), context: json(#"{"StateMachine":{"Name":"machine-one"}}"#),
                                                                 variables: json(variables).objectValue ?? JSONObject(), randomSeed: seed))
}

/// The cause AWS gives for any bad intrinsic argument (error States.Runtime).
func invalid(_ function: String) -> StatesError { StatesError.runtime("Invalid arguments in \(function)") }

func intrinsicError(_ expression: String, _ input: String = "{}") -> StatesError? {
    do { _ = try intrinsic(expression, input); return nil } catch { return error }
}

@Suite struct IntrinsicArrayTests {
    @Test func array() throws {
        #expect(try intrinsic("States.Array('a', 1, true, null, $.x)", #"{"x":{"k":[1]}}"#) == json(#"["a",1,true,null,{"k":[1]}]"#))
        #expect(try intrinsic("States.Array()") == json("[]"))
    }

    @Test func partition() throws {
        #expect(try intrinsic("States.ArrayPartition($.a, 2)", #"{"a":[1,2,3,4,5]}"#) == json("[[1,2],[3,4],[5]]"))
        #expect(try intrinsic("States.ArrayPartition($.a, 4)", #"{"a":[0,1]}"#) == json("[[0,1]]"))
        #expect(try intrinsic("States.ArrayPartition($.a, 1)", #"{"a":[]}"#) == json("[]"))
        #expect(intrinsicError("States.ArrayPartition($.a, 0)", #"{"a":[1]}"#) == invalid("States.ArrayPartition"))
        // Observed on AWS: fractional sizes are truncated (2.6 → 2, 0.6 → 0 is rejected).
        #expect(try intrinsic("States.ArrayPartition($.a, 2.6)", #"{"a":[1,2,3,4,5]}"#) == json("[[1,2],[3,4],[5]]"))
        #expect(intrinsicError("States.ArrayPartition($.a, 0.6)", #"{"a":[1]}"#) == invalid("States.ArrayPartition"))
        #expect(intrinsicError("States.ArrayPartition($.a, null)", #"{"a":[1]}"#) == invalid("States.ArrayPartition"))
        #expect(intrinsicError("States.ArrayPartition('x', 1)") == invalid("States.ArrayPartition"))
    }

    @Test func contains() throws {
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[[1,2,3],2],"v":[1,2,3]}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[{"1":2,"2":[]}],"v":{"2":[],"1":2}}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[],"v":null}"#) == .bool(false))
        #expect(try intrinsic("States.ArrayContains($.a, 5)", #"{"a":[1,5.0]}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, false)", #"{"a":[true,false]}"#) == .bool(true))
    }

    @Test func range() throws {
        #expect(try intrinsic("States.ArrayRange(1, 9, 2)") == json("[1,3,5,7,9]"))
        #expect(try intrinsic("States.ArrayRange(0, 9, 3)") == json("[0,3,6,9]"))
        #expect(try intrinsic("States.ArrayRange(1, 9, 9)") == json("[1]"))
        #expect(try intrinsic("States.ArrayRange(5, 1, -2)") == json("[5,3,1]"))
        #expect(try intrinsic("States.ArrayRange(5, 1, 1)") == json("[]"))
        #expect(try intrinsic("States.ArrayRange(1, 1000, 1)").arrayValue?.count == 1000)
        #expect(intrinsicError("States.ArrayRange(0, 1000, 1)") == invalid("States.ArrayRange"))
        #expect(intrinsicError("States.ArrayRange(0, 10, 0)") == invalid("States.ArrayRange"))
        #expect(intrinsicError("States.ArrayRange(1, 10, 0.49)") == invalid("States.ArrayRange"))
        #expect(intrinsicError("States.ArrayRange('a', 5, 1)") == invalid("States.ArrayRange"))
        #expect(intrinsicError("States.ArrayRange(1001, 1, -1)") == invalid("States.ArrayRange"))
        #expect(try intrinsic("States.ArrayRange(1000, 1, -1)").arrayValue?.count == 1000)
        // Observed on AWS: arguments are truncated toward zero.
        #expect(try intrinsic("States.ArrayRange(1.4, 5.6, 2.2)") == json("[1,3,5]"))
        #expect(try intrinsic("States.ArrayRange(1.6, 1.4, 1)") == json("[1]"))
        #expect(try intrinsic("States.ArrayRange(5.4, -0.6, -2.4)") == json("[5,3,1]"))
    }

    @Test func getItemLengthUnique() throws {
        #expect(try intrinsic("States.ArrayGetItem($.a, 2)", #"{"a":[1,2,3,4]}"#) == .int(3))
        #expect(intrinsicError("States.ArrayGetItem($.a, 4)", #"{"a":[1,2,3,4]}"#) == invalid("States.ArrayGetItem"))
        #expect(intrinsicError("States.ArrayGetItem($.a, -1)", #"{"a":[1]}"#) == invalid("States.ArrayGetItem"))
        #expect(intrinsicError("States.ArrayGetItem('x', 0)") == invalid("States.ArrayGetItem"))
        // Observed on AWS: a fractional index is truncated; an empty array gives null.
        #expect(try intrinsic("States.ArrayGetItem($.a, 1.2)", #"{"a":[10,20,30]}"#) == .int(20))
        #expect(try intrinsic("States.ArrayGetItem($.a, 999)", #"{"a":[]}"#) == .null)
        #expect(try intrinsic("States.ArrayLength($.a)", #"{"a":[1,2,3,4,5,6,7,8,9]}"#) == .int(9))
        #expect(intrinsicError("States.ArrayLength($.a)", #"{"a":"abc"}"#) == invalid("States.ArrayLength"))
        let input = #"{"a":[null,null,true,true,false,1,1,1.0,1.1,"x","x",[],[],[null],{"a":1,"b":2},{"b":2,"a":1},{"a":1,"b":1}]}"#
        #expect(try intrinsic("States.ArrayUnique($.a)", input) ==
            json(#"[null,true,false,1,1.1,"x",[],[null],{"a":1,"b":2},{"a":1,"b":1}]"#))
    }

    @Test func nestedCalls() throws {
        #expect(try intrinsic("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)") == .string("machine"))
        #expect(try intrinsic("States.MathAdd(States.MathAdd(States.MathAdd($y, $x), $z), $b)",
                              variables: #"{"x":1,"y":2,"z":3,"b":-10}"#) == .int(-4))
        #expect(try intrinsic("States.ArrayLength(States.ArrayRange(1, 10, 1))") == .int(10))
    }
}

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

@Suite struct IntrinsicEncodingTests {
    @Test func base64() throws {
        #expect(try intrinsic("States.Base64Encode('Data to encode')") == .string("RGF0YSB0byBlbmNvZGU="))
        #expect(try intrinsic("States.Base64Encode('')") == .string(""))
        #expect(try intrinsic("States.Base64Encode('é✓')") == .string("w6ninJM="))
        #expect(try intrinsic("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == .string("Data to encode"))
        #expect(try intrinsic("States.Base64Decode('w6ninJM=')") == .string("é✓"))
        #expect(try intrinsic("States.Base64Decode('')") == .string(""))
        // Observed on AWS: decoding is lenient about stray characters, spacing and short input.
        #expect(try intrinsic("States.Base64Decode(' YWJjZA== ')") == .string("abcd"))
        #expect(try intrinsic("States.Base64Decode('4pyT')") == .string("✓"))
        #expect(try intrinsic("States.Base64Decode($.s)", #"{"s":"YWJjAGRlZg=="}"#) == .string("abc\u{0}def"))
        #expect(try intrinsic("States.Base64Decode('!!!invalid!!!')").stringValue != nil)
        #expect(intrinsicError("States.Base64Decode(123)") == invalid("States.Base64Decode"))
        let big = String(repeating: "a", count: 10_001)
        #expect(intrinsicError("States.Base64Encode($.s)", #"{"s":"\#(big)"}"#) == invalid("States.Base64Encode"))
        #expect(intrinsicError("States.Base64Decode($.s)", #"{"s":"\#(big)"}"#) == invalid("States.Base64Decode"))
    }

    @Test func hashes() throws {
        let input = #"{"d":"input data"}"#
        #expect(try intrinsic("States.Hash($.d, 'MD5')", input) == .string("812f45842bc6d66ee14572ce20db8e86"))
        #expect(try intrinsic("States.Hash($.d, 'SHA-256')", input) == .string("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"))
        #expect(try intrinsic("States.Hash($.d, 'SHA-512')", input) == .string("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"))
        #expect(try intrinsic("States.Hash('abc', 'SHA-1')") == .string("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(try intrinsic("States.Hash('abc', 'SHA-384')") == .string("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"))
        #expect(try intrinsic("States.Hash('', 'MD5')") == .string("d41d8cd98f00b204e9800998ecf8427e"))
        #expect(try intrinsic("States.Hash('hello', 'SHA-384')") == .string("59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f"))
        #expect(try intrinsic("States.Hash('🚀', 'SHA-256')") == .string("ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5"))
        #expect(try intrinsic("States.Hash($.s, 'MD5')", #"{"s":"abc\u0000def"}"#) == .string("a5e4d5963ae44c1f4bfb37b1a3d55a3c"))
        #expect(try intrinsic("States.Hash($.s, 'MD5')", #"{"s":"Data to encode"}"#) == .string("ca405671828a177e26947171bbe1e352"))
        let a10000 = String(repeating: "a", count: 10_000)
        #expect(try intrinsic("States.Hash($.s, 'SHA-1')", #"{"s":"\#(a10000)"}"#).stringValue?.count == 40)
        #expect(intrinsicError("States.Hash($.s, 'SHA-1')", #"{"s":"\#(a10000)a"}"#) == invalid("States.Hash"))
        #expect(intrinsicError("States.Hash('data', 'sha-256')") == invalid("States.Hash"))
        #expect(intrinsicError("States.Hash('data', 123)") == invalid("States.Hash"))
        let long = String(repeating: "x", count: 1000)
        #expect(try intrinsic("States.Hash($.s, 'SHA-256')", #"{"s":"\#(long)"}"#).stringValue?.count == 64)
        #expect(intrinsicError("States.Hash('abc', 'SHA-999')") == invalid("States.Hash"))
    }
}

@Suite struct IntrinsicJsonTests {
    @Test func stringToJson() throws {
        #expect(try intrinsic("States.StringToJson($.s)", #"{"s":"{\"Arg1\": 1, \"Arg2\": []}"}"#) == json(#"{"Arg1":1,"Arg2":[]}"#))
        #expect(try intrinsic("States.StringToJson($.s)", #"{"s":""}"#) == .null)
        #expect(try intrinsic("States.StringToJson($.s)", #"{"s":"-0"}"#) == .int(0))
        #expect(try intrinsic("States.StringToJson($.s)", #"{"s":"\"HelloWorld\""}"#) == .string("HelloWorld"))
        #expect(intrinsicError("States.StringToJson($.s)", #"{"s":"{bad"}"#) == invalid("States.StringToJson"))
        #expect(intrinsicError("States.StringToJson($.s)", #"{"s":"undefined"}"#) == invalid("States.StringToJson"))
        #expect(intrinsicError("States.StringToJson($.s)", #"{"s":123}"#) == invalid("States.StringToJson"))
        #expect(try intrinsic("States.StringToJson($.s)", #"{"s":" {\"a\":1} "}"#) == json(#"{"a":1}"#))
        #expect(try intrinsic(#"States.StringToJson('{"constant_in_literal": "false"}')"#) == json(#"{"constant_in_literal":"false"}"#))
    }

    @Test func jsonToString() throws {
        #expect(try intrinsic("States.JsonToString($.v)", #"{"v":[1, 2, "HelloWorld"]}"#) == .string(#"[1,2,"HelloWorld"]"#))
        #expect(try intrinsic("States.JsonToString($.v)", #"{"v":1.1}"#) == .string("1.1"))
        #expect(try intrinsic("States.JsonToString($.v)", #"{"v":"HelloWorld"}"#) == .string(#""HelloWorld""#))
        #expect(try intrinsic("States.JsonToString($.v)", #"{"v":{"b":true,"a":null}}"#) == .string(#"{"b":true,"a":null}"#))
    }

    @Test func jsonMerge() throws {
        let input = #"{"a":{"a":{"a1":1,"a2":2},"b":2,"d":3},"b":{"a":{"a3":1,"a4":2},"c":3,"d":4}}"#
        let merged = try intrinsic("States.JsonMerge($.a, $.b, false)", input)
        #expect(merged == json(#"{"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4}"#))
        #expect(merged.serialized() == #"{"a":{"a3":1,"a4":2},"b":2,"d":4,"c":3}"#)
        #expect(intrinsicError("States.JsonMerge($.a, $.b, true)", input) == invalid("States.JsonMerge"))
        #expect(intrinsicError("States.JsonMerge($.a, 1, false)", input) == invalid("States.JsonMerge"))
        #expect(intrinsicError("States.JsonMerge($.a, $.n, false)", #"{"a":{},"n":null}"#) == invalid("States.JsonMerge"))
        // Observed on AWS: a non-boolean third argument merges shallowly.
        #expect(try intrinsic("States.JsonMerge($.a, $.b, 'false')", input)["d"] == .int(4))
    }
}
