import JSONValue
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
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[{"1":2,"2":[]}],"v":{"1":2,"2":[]}}"#) == .bool(true))
        // Observed on AWS: comparison by text, so key order matters and "true"/"7" match true/7.
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[{"1":2,"2":[]}],"v":{"2":[],"1":2}}"#) == .bool(false))
        #expect(try intrinsic("States.ArrayContains($.a, true)", #"{"a":["true","false"]}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, 9007199254740991)", #"{"a":["9007199254740991"]}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, false)", #"{"a":[0,1,-1]}"#) == .bool(false))
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[{"a":1}],"v":{"a":1,"extra":null}}"#) == .bool(false))
        #expect(try intrinsic("States.ArrayContains($.a, null)", #"{"a":[1,null,3]}"#) == .bool(true))
        #expect(try intrinsic("States.ArrayContains($.a, $.v)", #"{"a":[],"v":null}"#) == .bool(false))
        #expect(try intrinsic("States.ArrayContains($.a, 5)", #"{"a":[1,5]}"#) == .bool(true))
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
        #expect(try intrinsic("States.ArrayLength($.a[?(@.x > 1)])", #"{"a":[{"x":1},{"x":2},{"x":3}]}"#) == .int(2))
        #expect(try intrinsic("States.Array( $['a b'] ,\n$.c )", #"{"a b":1,"c":2}"#) == json("[1,2]"))
    }
}
