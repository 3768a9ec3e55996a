import ASL
import JSONValue
import Testing

@Suite struct JSONataStateMachineTests {
    @Test func taskArgumentsOutputAndAssign() throws {
        let text = #"""
        {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a",
                "Arguments": {"n": "{% $states.input.n * 2 %}"}, "Assign": {"seen": "{% $states.result.v %}"},
                "Output": "{% {'v': $states.result.v, 'in': $states.input.n} %}", "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"Condition": "{% $seen > 3 %}", "Next": "Big"}], "Default": "Small"},
          "Big": {"Type": "Pass", "Output": "{% 'big ' & $string($seen) %}", "End": true},
          "Small": {"Type": "Fail", "Error": "{% 'Small' %}", "Cause": "too small"}}}
        """#
        var m = try Fixtures.machine(text, input: #"{"n": 2}"#)
        let invocation = try #require(m.start(at: Fixtures.start).invocations.first)
        #expect(invocation.input == Fixtures.json(#"{"n":4}"#))
        let done = m.handle(.taskSucceeded(taskId: invocation.id, output: Fixtures.json(#"{"v": 5}"#)), at: Fixtures.start)
        #expect(done.result?.output == .string("big 5"))

        var small = try Fixtures.machine(text, input: #"{"n": 1}"#)
        let id = try #require(small.start(at: Fixtures.start).invocations.first?.id)
        let failed = small.handle(.taskSucceeded(taskId: id, output: Fixtures.json(#"{"v": 1}"#)), at: Fixtures.start)
        #expect(failed.result?.error == "Small")
    }

    @Test func undefinedOutputIsAnEvaluationFailure() throws {
        var m = try Fixtures.machine(#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $nope %}", "End": true}}}"#)
        let actions = m.start(at: Fixtures.start)
        #expect(actions.historyTypes == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"])
        #expect(actions.result?.error == "States.QueryEvaluationError")
        #expect(actions.result?.cause?.hasPrefix("An error occurred while executing the state 'P' (entered at the event id #2). ") == true)
    }

    @Test func mapItemsAndItemSelector() throws {
        let text = #"""
        {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% $states.input.xs %}",
          "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}"},
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
        """#
        var m = try Fixtures.machine(text, input: #"{"xs": ["a", "b"]}"#)
        #expect(m.start(at: Fixtures.start).result?.output == Fixtures.json(#"[{"i":0,"v":"a"},{"i":1,"v":"b"}]"#))
    }
}
