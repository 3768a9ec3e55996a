import JSONValue
import Testing
@testable import ASL

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
