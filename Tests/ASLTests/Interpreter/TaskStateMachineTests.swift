import ASL
import JSONValue
import Testing

@Suite struct TaskStateMachineTests {
    let resource = "arn:aws:states:us-east-1:123456789012:activity:work"

    /// A Task state `T` (plus a `Caught` Pass state when `extra` refers to it).
    func task(_ extra: String = "", next: String = #""End": true"#) -> String {
        let caught = extra.contains("Caught") ? #", "Caught": {"Type": "Pass", "End": true}"# : ""
        return #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", \#(extra) \#(next)}\#(caught)}}"#
    }

    @Test func passRunsToCompletionInOneCall() throws {
        var m = try Fixtures.machine(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 1}, "End": true}}}"#)
        let actions = m.start(at: Fixtures.start)
        #expect(actions.historyTypes == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(actions.result?.status == .succeeded)
        #expect(actions.result?.output == Fixtures.json(#"{"x":1}"#))
        #expect(m.status == .succeeded)
    }

    @Test func distributedMapRunsItemsWithoutTheirEvents() throws {
        var m = try Fixtures.machine(#"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
              "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", "End": true}}}}}}
            """#, input: "[1, 2, 3]")
        let started = m.start(at: Fixtures.start)
        #expect(started.historyTypes == ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted"])
        let ids = started.invocations.map(\.id)
        #expect(ids.count == 3 && Set(ids).count == 3)
        var last: [ExecutionAction] = []
        for (n, id) in ids.enumerated() {
            #expect(m.handle(.taskStarted(taskId: id), at: Fixtures.start).historyTypes.isEmpty)
            last = m.handle(.taskSucceeded(taskId: id, output: .int(n * 10)), at: Fixtures.start + 5)
        }
        #expect(last.historyTypes == ["MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
        #expect(last.result?.output == Fixtures.json("[0, 10, 20]"))
    }

    @Test func aFailedDistributedItemFailsTheMapRun() throws {
        var m = try Fixtures.machine(#"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ToleratedFailureCount": 1, "ItemProcessor": {
              "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", "End": true}}}}}}
            """#, input: "[1, 2, 3]")
        let ids = m.start(at: Fixtures.start).invocations.map(\.id)
        // One failure is tolerated, with no event of its own; the second exceeds the threshold.
        #expect(m.handle(.taskFailed(taskId: ids[0], error: "Boom", cause: nil), at: Fixtures.start).historyTypes.isEmpty)
        let failed = m.handle(.taskFailed(taskId: ids[1], error: "Boom", cause: nil), at: Fixtures.start)
        #expect(failed.historyTypes == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        #expect(failed.result?.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func taskIsDispatchedWithEffectiveParameters() throws {
        var m = try Fixtures.machine(task(#""InputPath": "$.a", "Parameters": {"v.$": "$.b"},"#), input: #"{"a": {"b": 2}}"#)
        let actions = m.start(at: Fixtures.start)
        let invocation = try #require(actions.invocations.first)
        #expect(invocation.input == Fixtures.json(#"{"v":2}"#))
        #expect(invocation.resource == resource)
        #expect(invocation.id.hasSuffix("#2#0"))
        #expect(actions.historyTypes == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled"])
        #expect(actions.result == nil)
    }

    @Test func resultFlowsThroughSelectorResultPathAndOutputPath() throws {
        var m = try Fixtures.machine(task(#""ResultSelector": {"r.$": "$.out"}, "ResultPath": "$.res", "OutputPath": "$.res","#),
                                     input: #"{"keep": true}"#)
        let id = try #require(m.start(at: Fixtures.start).invocations.first?.id)
        #expect(m.handle(.taskStarted(taskId: id), at: Fixtures.start).historyTypes == ["TaskStarted"])
        let done = m.handle(.taskSucceeded(taskId: id, output: Fixtures.json(#"{"out": 5}"#)), at: Fixtures.start + 10)
        #expect(done.historyTypes == ["TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        #expect(done.result?.output == Fixtures.json(#"{"r":5}"#))
    }

    @Test func retryBacksOffThenCatches() throws {
        let retry = #""Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 3}], "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Caught"}],"#
        var m = try Fixtures.machine(task(retry, next: #""End": true"#), input: #"{"in": 1}"#)
        var id = try #require(m.start(at: Fixtures.start).invocations.first?.id)
        var now = Fixtures.start
        for (attempt, delay) in [(1, 2_000), (2, 6_000)] as [(Int, Int64)] {
            let failed = m.handle(.taskFailed(taskId: id, error: "Boom", cause: "bad"), at: now)
            #expect(failed.historyTypes == ["TaskFailed"])
            let timer = try #require(failed.timers.first)
            #expect(timer.due == now + delay)
            now = timer.due
            let retried = m.handle(.timerFired(id: timer.id), at: now)
            #expect(retried.historyTypes == ["TaskScheduled"])
            id = try #require(retried.invocations.first?.id)
            #expect(id.hasSuffix("#\(attempt)"))
        }
        let caught = m.handle(.taskFailed(taskId: id, error: "Boom", cause: "bad"), at: now)
        #expect(caught.historyTypes == ["TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(caught.result?.output == Fixtures.json(#"{"in":1,"err":{"Error":"Boom","Cause":"bad"}}"#))
    }

    @Test func maxAttemptsZeroNeverRetries() throws {
        var m = try Fixtures.machine(task(#""Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}],"#))
        let id = try #require(m.start(at: Fixtures.start).invocations.first?.id)
        let actions = m.handle(.taskFailed(taskId: id, error: "X", cause: nil), at: Fixtures.start)
        #expect(actions.timers.isEmpty)
        #expect(actions.result?.status == .failed)
        #expect(actions.result?.error == "X")
    }

    @Test func timeoutIsATimerAndTaskFailedDoesNotCatchIt() throws {
        let extra = #""TimeoutSeconds": 30, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}],"#
        var m = try Fixtures.machine(task(extra))
        let started = m.start(at: Fixtures.start)
        let timer = try #require(started.timers.first)
        #expect(timer.due == Fixtures.start + 30_000)
        #expect(started.invocations.first?.timeoutSeconds == 30)
        let timedOut = m.handle(.timerFired(id: timer.id), at: timer.due)
        #expect(timedOut.historyTypes == ["TaskTimedOut", "ExecutionFailed"])
        #expect(timedOut.result?.error == "States.Timeout")
        #expect(timedOut.contains { if case .cancelTask = $0 { true } else { false } })
    }

    @Test func statesAllCatchesTimeout() throws {
        var m = try Fixtures.machine(task(#""TimeoutSecondsPath": "$.t", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],"#),
                                     input: #"{"t": 5}"#)
        let timer = try #require(m.start(at: Fixtures.start).timers.first)
        #expect(timer.due == Fixtures.start + 5_000)
        let r = m.handle(.timerFired(id: timer.id), at: timer.due)
        #expect(r.result?.status == .succeeded)
        #expect(r.result?.output == Fixtures.json(#"{"Error":"States.Timeout"}"#))
    }

    @Test func heartbeatResetsItsTimer() throws {
        var m = try Fixtures.machine(task(#""HeartbeatSeconds": 10,"#))
        let start = m.start(at: Fixtures.start)
        let id = try #require(start.invocations.first?.id)
        let timer = try #require(start.timers.first)
        let beat = m.handle(.taskHeartbeat(taskId: id), at: Fixtures.start + 8_000)
        #expect(beat.timers.first?.id == timer.id)
        #expect(beat.timers.first?.due == Fixtures.start + 18_000)
        let late = m.handle(.timerFired(id: timer.id), at: Fixtures.start + 18_000)
        #expect(late.result?.error == "States.HeartbeatTimeout")
    }

    @Test func succeededTaskCancelsItsTimers() throws {
        var m = try Fixtures.machine(task(#""TimeoutSeconds": 30,"#))
        let start = m.start(at: Fixtures.start)
        let id = try #require(start.invocations.first?.id)
        let done = m.handle(.taskSucceeded(taskId: id, output: .null), at: Fixtures.start)
        #expect(done.cancelledTimers == [start.timers[0].id])
    }

    @Test func unknownTaskIdsAreIgnored() throws {
        var m = try Fixtures.machine(task())
        _ = m.start(at: Fixtures.start)
        #expect(m.handle(.taskSucceeded(taskId: "nope", output: .null), at: Fixtures.start).isEmpty)
        #expect(m.status == .running)
    }

    @Test func stopAbortsAndCancelsTheTask() throws {
        var m = try Fixtures.machine(task())
        let id = try #require(m.start(at: Fixtures.start).invocations.first?.id)
        let stopped = m.handle(.stopRequested(error: "E", cause: "C"), at: Fixtures.start + 1)
        #expect(stopped.historyTypes == ["ExecutionAborted"])
        #expect(stopped.result == ExecutionResult(status: .aborted, output: nil, error: "E", cause: "C"))
        #expect(stopped.contains { if case .cancelTask(let t) = $0 { t == id } else { false } })
        #expect(m.handle(.taskSucceeded(taskId: id, output: .null), at: Fixtures.start + 2).isEmpty)
    }

    @Test func taskTokenIsInTheContext() throws {
        let text = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"token.$": "$$.Task.Token", "state.$": "$$.State.Name"}, "End": true}}}"#
        var m = try Fixtures.machine(text)
        let invocation = try #require(m.start(at: Fixtures.start).invocations.first)
        #expect(invocation.taskToken != nil)
        #expect(invocation.input["token"] == .string(invocation.taskToken ?? ""))
        #expect(invocation.input["state"] == .string("T"))
    }

    @Test func executionTimeoutTimesOut() throws {
        let text = #"{"TimeoutSeconds": 60, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", "End": true}}}"#
        var m = try Fixtures.machine(text)
        let timer = try #require(m.start(at: Fixtures.start).timers.first)
        #expect(timer.due == Fixtures.start + 60_000)
        let r = m.handle(.timerFired(id: timer.id), at: timer.due)
        #expect(r.historyTypes == ["ExecutionTimedOut"])
        #expect(r.result?.status == .timedOut)
    }

    @Test func startExecutionBecomesAChildExecution() throws {
        let text = #"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Input": {"a": 1}, "Name": "kid"}, "End": true}}}"#
        var m = try Fixtures.machine(text)
        let start = m.start(at: Fixtures.start)
        var request: ChildExecutionRequest?
        for case .startChildExecution(let r) in start { request = r }
        let child = try #require(request)
        #expect(child.mode == .sync2)
        #expect(child.input == Fixtures.json(#"{"a":1}"#))
        #expect(child.name == "kid")
        let outcome = ChildExecutionOutcome(executionArn: "arn:aws:states:us-east-1:123456789012:execution:child:kid", status: .succeeded,
                                            output: Fixtures.json(#"{"b":2}"#), startMilliseconds: Fixtures.start, stopMilliseconds: Fixtures.start + 5)
        let done = m.handle(.childExecutionFinished(taskId: child.taskId, outcome), at: Fixtures.start + 5)
        #expect(done.historyTypes == ["TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        #expect(done.result?.output?["Output"] == Fixtures.json(#"{"b":2}"#))
        #expect(done.result?.output?["Status"] == .string("SUCCEEDED"))
    }
}
