import ASL
import Foundation
import JSONValue
import Testing

@Suite struct FlowStateMachineTests {
    let activity = "arn:aws:states:us-east-1:123456789012:activity:work"

    @Test func mapHonoursMaxConcurrency() throws {
        let text = #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "End": true,
          "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
          "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity)", "End": true}}}}}}
        """#
        var m = try Fixtures.machine(text, input: #"["a", "b", "c", "d", "e"]"#)
        var inFlight = m.start(at: Fixtures.start).invocations
        #expect(inFlight.count == 2)
        #expect(inFlight.first?.input == Fixtures.json(#"{"i":0,"v":"a"}"#))
        var finished: ExecutionResult?
        var maxSeen = inFlight.count
        while let next = inFlight.first {
            inFlight.removeFirst()
            let actions = m.handle(.taskSucceeded(taskId: next.id, output: next.input["v"] ?? .null), at: Fixtures.start)
            inFlight += actions.invocations
            maxSeen = max(maxSeen, inFlight.count)
            finished = actions.result ?? finished
        }
        #expect(maxSeen == 2)
        #expect(finished?.output == Fixtures.json(#"["a","b","c","d","e"]"#))
    }

    @Test func mapRecordsIterationEvents() throws {
        let text = #"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#
        var m = try Fixtures.machine(text, input: "[1]")
        let actions = m.start(at: Fixtures.start)
        #expect(actions.historyTypes == ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
                                         "PassStateEntered", "PassStateExited", "MapIterationSucceeded", "MapStateSucceeded",
                                         "MapStateExited", "ExecutionSucceeded"])
        let ids = actions.history.map { [$0.id, $0.previousEventId] }
        #expect(ids == [[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6], [8, 7], [9, 7], [10, 9]])
    }

    @Test func mapToleratedFailureCount() throws {
        func run(tolerated: Int) throws -> ExecutionResult? {
            let text = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": \#(tolerated), "End": true,
              "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "F"}], "Default": "P"},
                "F": {"Type": "Fail", "Error": "Big"}, "P": {"Type": "Pass", "End": true}}}}}}
            """#
            var m = try Fixtures.machine(text, input: "[1, 2, 3]")
            return m.start(at: Fixtures.start).result
        }
        #expect(try run(tolerated: 2)?.status == .succeeded)
        #expect(try run(tolerated: 2)?.output == Fixtures.json(#"[1,{"Error":"Big"},{"Error":"Big"}]"#))
        #expect(try run(tolerated: 1)?.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func parallelCollectsBranchOutputsInOrder() throws {
        let text = #"""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\#(activity)", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": true}}}]}}}
        """#
        var m = try Fixtures.machine(text)
        let start = m.start(at: Fixtures.start)
        let id = try #require(start.invocations.first?.id)
        #expect(start.result == nil)
        let done = m.handle(.taskSucceeded(taskId: id, output: .string("a")), at: Fixtures.start)
        #expect(done.result?.output == Fixtures.json(#"["a","b"]"#))
    }

    /// AWS shows the client's own text (spacing included) for a value that passed through
    /// unchanged, inside a Parallel result and in ExecutionSucceeded too; a changed value is re-serialised.
    @Test func parallelResultKeepsTheClientsText() throws {
        let text = #"""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Done", "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]},
         "Done": {"Type": "Pass", "End": true}}}
        """#
        let input = "[1, 2,  3]"
        let info = ExecutionInfo(executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:exec", name: "exec",
                                 stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:sm", stateMachineName: "sm",
                                 roleArn: "arn:aws:iam::123456789012:role/r", input: Fixtures.json(input), inputText: input,
                                 startTimeMilliseconds: Fixtures.start)
        var m = ExecutionStateMachine(definition: try Fixtures.definition(text), info: info, randomSeed: 7)
        let history = m.start(at: Fixtures.start).history
        func output(_ type: String) -> String? {
            history.last { $0.type == type }?.details.rendered()?.1["output"]?.stringValue
        }
        #expect(output("ParallelStateExited") == "[[1, 2,  3],[1, 2,  3]]")
        #expect(output("PassStateExited") == "[[1, 2,  3],[1, 2,  3]]")
        #expect(output("ExecutionSucceeded") == "[[1, 2,  3],[1, 2,  3]]")

        let changed = text.replacingOccurrences(of: #""Type": "Pass", "End": true}}},"#, with: #""Type": "Pass", "Result": [1], "End": true}}},"#)
        var m2 = ExecutionStateMachine(definition: try Fixtures.definition(changed), info: info, randomSeed: 7)
        let after = m2.start(at: Fixtures.start).history
        let exited = after.last { $0.type == "ParallelStateExited" }?.json()["stateExitedEventDetails"]?["output"]?.stringValue
        #expect(exited == "[[1],[1,2,3]]")
    }

    @Test func parallelBranchFailureCancelsTheOthers() throws {
        let text = #"""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\#(activity)", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "Nope", "Cause": "why"}}}]}}}
        """#
        var m = try Fixtures.machine(text)
        let start = m.start(at: Fixtures.start)
        #expect(start.result?.error == "Nope")
        #expect(start.contains { if case .cancelTask = $0 { true } else { false } })
        #expect(start.historyTypes.suffix(2) == ["ParallelStateFailed", "ExecutionFailed"])
    }

    @Test func waitSecondsIsATimer() throws {
        var m = try Fixtures.machine(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}"#, input: #"{"s": 3}"#)
        let timer = try #require(m.start(at: Fixtures.start).timers.first)
        #expect(timer.due == Fixtures.start + 3_000)
        let r = m.handle(.timerFired(id: timer.id), at: timer.due)
        #expect(r.historyTypes == ["WaitStateExited", "ExecutionSucceeded"])
    }

    @Test func waitTimestamp() throws {
        var m = try Fixtures.machine(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2023-11-14T22:13:30Z", "End": true}}}"#)
        #expect(m.start(at: Fixtures.start).timers.first?.due == 1_700_000_010_000)
    }

    @Test func waitBadSecondsPathFails() throws {
        var m = try Fixtures.machine(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}"#, input: #"{"s": -1.5}"#)
        let r = m.start(at: Fixtures.start).result
        #expect(r?.error == "States.Runtime")
        #expect(r?.cause == "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter cannot be parsed as a long value: $.s == -1.5")
    }

    @Test func failStateWithPaths() throws {
        var m = try Fixtures.machine(#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('c={}', $.c)"}}}"#,
                                     input: #"{"e": "E1", "c": 7}"#)
        let r = m.start(at: Fixtures.start)
        #expect(r.historyTypes == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
        #expect(r.result?.error == "E1")
        #expect(r.result?.cause == "c=7")
    }

    @Test func choiceWithoutMatchFails() throws {
        let text = #"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "D"}]}, "D": {"Type": "Succeed"}}}"#
        var m = try Fixtures.machine(text)
        #expect(m.start(at: Fixtures.start).result?.error == "States.NoChoiceMatched")
        var matched = try Fixtures.machine(text, input: #"{"x": null}"#)
        #expect(matched.start(at: Fixtures.start).historyTypes.suffix(3) == ["SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
    }

    @Test func missingInputPathIsARuntimeError() throws {
        var m = try Fixtures.machine(#"{"StartAt": "p", "States": {"p": {"Type": "Pass", "InputPath": "$.nope", "End": true}}}"#)
        let r = m.start(at: Fixtures.start)
        #expect(r.result?.cause == "An error occurred while executing the state 'p' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']")
        #expect(r.history.last?.previousEventId == 2)
    }

    @Test func payloadOver256KiBFails() throws {
        let big = String(repeating: "x", count: 300_000)
        var m = try Fixtures.machine(#"{"StartAt": "p", "States": {"p": {"Type": "Pass", "Result": "\#(big)", "End": true}}}"#)
        #expect(m.start(at: Fixtures.start).result?.error == "States.DataLimitExceeded")
    }

    @Test func variablesAreAssignedOnExit() throws {
        let text = #"""
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x.$": "$.v"}, "Next": "B"},
          "B": {"Type": "Pass", "Parameters": {"got.$": "$x"}, "End": true}}}
        """#
        var m = try Fixtures.machine(text, input: #"{"v": 42}"#)
        #expect(m.start(at: Fixtures.start).result?.output == Fixtures.json(#"{"got":42}"#))
    }

    @Test func contextObjectFields() throws {
        let text = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "sm.$": "$$.StateMachine.Name", "entered.$": "$$.State.EnteredTime"}, "End": true}}}"#
        var m = try Fixtures.machine(text)
        let output = m.start(at: Fixtures.start).result?.output
        #expect(output?["id"] == .string("arn:aws:states:us-east-1:123456789012:execution:sm:exec"))
        #expect(output?["sm"] == .string("sm"))
        #expect(output?["entered"] == .string("2023-11-14T22:13:20.000Z"))
    }
}
