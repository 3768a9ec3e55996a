import JSONValue
import Testing
@testable import ASL

@Suite struct ResultPathTests {
    let input = json(#"{"comment":"test","details":{"a":1},"list":[1,2,3],"s":"str"}"#)

    @Test func dollarReplaces() throws {
        #expect(try DataFlow.applyResultPath("$", to: input, result: .string("Hello")) == .string("Hello"))
    }

    @Test func addsAndReplacesKeepingOrder() throws {
        let out = try DataFlow.applyResultPath("$.taskresult", to: input, result: .string("r"))
        #expect(out.serialized() == #"{"comment":"test","details":{"a":1},"list":[1,2,3],"s":"str","taskresult":"r"}"#)
        let replaced = try DataFlow.applyResultPath("$.comment", to: input, result: .int(5))
        #expect(replaced.serialized() == #"{"comment":5,"details":{"a":1},"list":[1,2,3],"s":"str"}"#)
        let deep = try DataFlow.applyResultPath("$.details.b", to: input, result: .bool(true))
        #expect(deep["details"] == json(#"{"a":1,"b":true}"#))
    }

    @Test func createsIntermediateObjects() throws {
        let out = try DataFlow.applyResultPath("$.x.y['z w']", to: json("{}"), result: .null)
        #expect(out == json(#"{"x":{"y":{"z w":null}}}"#))
    }

    @Test func writesArrayElements() throws {
        #expect(try DataFlow.applyResultPath("$.list[1]", to: input, result: .string("b"))["list"] == json(#"[1,"b",3]"#))
    }

    @Test func failsOnNonObjectsWithAWSText() {
        // As AWS reports it: error States.ReferencePathConflict, the failing step and the whole input.
        #expect(throws: StatesError.referencePathConflict(#"Unable to apply step "y" to input {"comment":"test","details":{"a":1},"list":[1,2,3],"s":"str"}"#)) {
            try DataFlow.applyResultPath("$.s.y", to: input, result: .int(1))
        }
        #expect(throws: StatesError.referencePathConflict(#"Unable to apply step "someTaskResult" to input "input1""#)) {
            try DataFlow.applyResultPath("$.someTaskResult", to: .string("input1"), result: .int(1))
        }
        #expect(throws: StatesError.referencePathConflict(#"Unable to apply step "a" to input [1,2]"#)) {
            try DataFlow.applyResultPath("$.a", to: json("[1,2]"), result: .int(1))
        }
        #expect(throws: StatesError.referencePathConflict(#"Unable to apply step "5" to input {"l":[1]}"#)) {
            try DataFlow.applyResultPath("$.l[5]", to: json(#"{"l":[1]}"#), result: .int(1))
        }
    }

    @Test func readsReferencePathsLikeItemsPath() throws {
        let e = env(#"{"discovery":{"statusCode":500},"items":[1,2]}"#, variables: #"{"list":[3]}"#)
        #expect(try DataFlow.selectReference("$.items", in: e) == json("[1,2]"))
        #expect(try DataFlow.selectReference("$list", in: e) == json("[3]"))
        #expect(try DataFlow.selectReference("$.items[1]", in: e) == .int(2))
        #expect(throws: StatesError.referencePathConflict(#"Unable to apply step "objects" to input {"discovery":{"statusCode":500},"items":[1,2]}"#)) {
            try DataFlow.selectReference("$.discovery.objects", in: e)
        }
        #expect(try DataFlow.selectReference("$.items[*]", in: e) == json("[1,2]"))
    }

    @Test func rejectsNonReferencePaths() {
        #expect(throws: StatesError.self) { try DataFlow.applyResultPath("$.list[*]", to: input, result: .int(1)) }
        #expect(throws: StatesError.self) { try DataFlow.applyResultPath("$$.Execution", to: input, result: .int(1)) }
    }
}
