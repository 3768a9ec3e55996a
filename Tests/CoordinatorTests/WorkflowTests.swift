import ASL
import Coordinator
import Foundation
import MessagesAMQP
import JSONValue
import Store
import Testing

/// Whole executions through a real broker, a real SQLite store, a coordinator and stock workers.
@Suite(.timeLimit(.minutes(6)))
struct WorkflowTests {
    static let echo = "arn:aws:lambda:us-east-1:123456789012:function:echo"

    @Test("a 3-Task workflow runs through real workers, with the Lambda integration's result shape", arguments: QueueProfile.bothModes)
    func threeTasks(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("three", """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "\(Self.echo)", "ResultPath": "$.a", "Next": "B"},
              "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "echo", "Payload": {"n.$": "$.n"}}, "ResultPath": "$.b", "Next": "C"},
              "C": {"Type": "Task", "Resource": "\(Self.echo)", "InputPath": "$.b.Payload", "End": true}}}
            """)
            let arn = try await cluster.start(machine, input: #"{"n": 7}"#)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            #expect(try json(record.output) == JSON.object(JSONObject([("n", .int(7))])))
            let history = try await cluster.history(arn)
            #expect(history.map(\.type) == [
                "ExecutionStarted",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "ExecutionSucceeded",
            ])
            #expect(history.map(\.id) == Array(1...Int64(history.count)))
            let invoke = history.filter { $0.type == "TaskSucceeded" }[1]
            let output = try JSON(parsing: invoke.details)["taskSucceededEventDetails"]?["output"]?.stringValue ?? ""
            let payload = try JSON(parsing: output)
            #expect(payload["StatusCode"] == .int(200))
            #expect(payload["Payload"] == JSON.object(JSONObject([("n", .int(7))])))
        }
    }

    @Test("a Retry succeeds on the third attempt after durable back-off timers", arguments: QueueProfile.bothModes)
    func retry(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("retry", """
            {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
              "Retry": [{"ErrorEquals": ["Flaky.Error"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 3}],
              "End": true}}}
            """)
            let began = Date()
            let arn = try await cluster.start(machine, input: #"{"succeedOn": 2}"#)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            #expect(try json(record.output) == JSON.object(JSONObject([("attempt", .int(2))])))
            #expect(Date().timeIntervalSince(began) >= 2, "two back-offs of one second each")
            let types = try await cluster.history(arn).map(\.type)
            #expect(types.filter { $0 == "TaskFailed" }.count == 2)
            #expect(types.filter { $0 == "TaskSucceeded" }.count == 1)
            #expect(types.filter { $0 == "TaskScheduled" }.count == 3)
        }
    }

    @Test("a Catch sends a failing task's error to its fallback state", arguments: QueueProfile.bothModes)
    func catchError(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("catch", """
            {"StartAt": "Fail", "States": {
              "Fail": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:fail",
                       "Catch": [{"ErrorEquals": ["Custom.Boom"], "ResultPath": "$.caught", "Next": "Fallback"}], "End": true},
              "Fallback": {"Type": "Pass", "End": true}}}
            """)
            let arn = try await cluster.start(machine, input: #"{"error": "Custom.Boom", "cause": "on purpose"}"#)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let output = try json(record.output)
            #expect(output["caught"]?["Error"] == .string("Custom.Boom"))
            #expect(output["caught"]?["Cause"] == .string("on purpose"))
            let failing = try await cluster.start(machine, input: #"{"error": "Other.Error", "cause": "uncaught"}"#)
            let failed = try await cluster.waitForEnd(failing)
            #expect(failed.status == .failed)
            #expect(failed.error == "Other.Error")
            #expect(failed.cause == "uncaught")
        }
    }

    @Test("a Wait state holds the execution for its seconds, on a durable timer", arguments: QueueProfile.bothModes)
    func wait(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("wait", """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "Next": "T"},
              "T": {"Type": "Task", "Resource": "\(Self.echo)", "End": true}}}
            """)
            let arn = try await cluster.start(machine, input: #"{"k": "v"}"#)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let history = try await cluster.history(arn)
            let entered = try #require(history.first { $0.type == "WaitStateEntered" }).timestamp
            let exited = try #require(history.first { $0.type == "WaitStateExited" }).timestamp
            #expect(exited.timeIntervalSince(entered) >= 2)
            #expect(exited.timeIntervalSince(entered) < 30, "fired, not lost (the bound allows for a loaded machine)")
            #expect(try await cluster.store.timers(executionArn: arn).isEmpty)
        }
    }

    @Test("starts and commits wake the outbox relay and the timer poller: with their reads 10 minutes apart, Waits and Tasks still run", arguments: QueueProfile.bothModes)
    func signalledNotPolled(queues: QueueProfile) async throws {
        try await Cluster.with(pollInterval: .seconds(600), queues: queues) { cluster in
            let machine = try await cluster.createMachine("signalled", """
            {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 1, "Next": "T"},
              "T": {"Type": "Task", "Resource": "\(Self.echo)", "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 1, "Next": "U"},
              "U": {"Type": "Task", "Resource": "\(Self.echo)", "End": true}}}
            """)
            // Through the coordinator's own launcher, as the API starts executions.
            let launcher = try #require(cluster.coordinators.first).launcher
            while try await cluster.store.liveLeases(prefix: "shard.", now: Date()).count < Shards.count {
                try await Task.sleep(for: .milliseconds(50))
            }
            let arn = try await launcher.start(stateMachine: machine, name: "s", input: #"{"k": "v"}"#).arn
            // The first Wait's timer comes with the start, the second with a commit, and each
            // Task's invocation waits in the outbox: none of them would be read for 10 minutes.
            let record = try await cluster.waitForEnd(arn, timeout: .seconds(60))
            #expect(record.status == .succeeded)
            #expect(try json(record.output) == JSON.object(JSONObject([("k", .string("v"))])))
        }
    }

    @Test("Parallel branches run their tasks concurrently and join", arguments: QueueProfile.bothModes)
    func parallel(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let sleep = "arn:aws:lambda:us-east-1:123456789012:function:sleep"
            let machine = try await cluster.createMachine("parallel", """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\(sleep)", "Parameters": {"ms": 1000, "b": "a"}, "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "\(sleep)", "Parameters": {"ms": 1000, "b": "b"}, "End": true}}}
            ]}}}
            """)
            let arn = try await cluster.start(machine)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let output = try json(record.output)
            #expect(output.arrayValue?.map { $0["b"] } == [.string("a"), .string("b")])
            // Both branches' tasks were dispatched before either finished.
            let types = try await cluster.history(arn).map(\.type)
            let scheduled = types.indices.filter { types[$0] == "TaskScheduled" }
            let firstDone = try #require(types.firstIndex(of: "TaskSucceeded"))
            #expect(scheduled.count == 2)
            #expect(scheduled.allSatisfy { $0 < firstDone })
        }
    }

    @Test("a Map of 100 items runs every item through a worker, at most MaxConcurrency at once", arguments: QueueProfile.bothModes)
    func map(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("map", """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 10, "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "\(Self.echo)", "End": true}}}}}}
            """)
            let items = (0..<100).map { "{\"i\": \($0)}" }.joined(separator: ",")
            let arn = try await cluster.start(machine, input: "[\(items)]")
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let output = try json(record.output)
            #expect(output.arrayValue?.count == 100)
            #expect(output.arrayValue?.enumerated().allSatisfy { $0.element["i"] == .int($0.offset) } == true)
            let history = try await cluster.history(arn)
            #expect(history.filter { $0.type == "TaskSucceeded" }.count == 100)
            // MaxConcurrency: never more than 10 tasks scheduled and not yet finished.
            var open = 0, peak = 0
            for event in history {
                if event.type == "TaskScheduled" { open += 1 }
                if event.type == "TaskSucceeded" { open -= 1 }
                peak = max(peak, open)
            }
            #expect(peak <= 10)
            #expect(peak >= 2, "iterations overlap")
        }
    }

    @Test("stopping an execution aborts it, cancels its timers and ignores the late result", arguments: QueueProfile.bothModes)
    func stop(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("stop", """
            {"StartAt": "S", "TimeoutSeconds": 300, "States": {"S": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 1500}, "End": true}}}
            """)
            let arn = try await cluster.start(machine)
            try await Task.sleep(for: .milliseconds(300))
            try await cluster.stop(arn, error: "User.Stop", cause: "enough")
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .aborted)
            #expect(record.error == "User.Stop")
            #expect(try await cluster.store.timers(executionArn: arn).isEmpty)
            // Wait for the worker's late result (its handler sleeps 1.5 s) to reach the coordinator.
            let deadline = ContinuousClock.now + .seconds(60)
            while cluster.coordinators[0].metrics.ignoredMessages < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let history = try await cluster.history(arn)
            #expect(history.last?.type == "ExecutionAborted")
            #expect(!history.contains { $0.type == "TaskSucceeded" })
            #expect(cluster.coordinators[0].metrics.ignoredMessages >= 1, "the late result was seen and ignored")
        }
    }

    @Test("a task's TimeoutSeconds fires on a durable timer as States.Timeout", arguments: QueueProfile.bothModes)
    func taskTimeout(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("timeout", """
            {"StartAt": "S", "States": {"S": {"Type": "Task", "TimeoutSeconds": 1,
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 30000}, "End": true}}}
            """)
            try await Self.expectTimedOut(cluster, try await cluster.start(machine))
        }
    }

    /// The worker cancels a handler at the task's TimeoutSeconds and reports States.Timeout; on a
    /// busy machine that report can beat the coordinator's own timer. Either way the history says
    /// TaskTimedOut, as AWS's does. (The `fail` handler reports it long before the 60 s timer.)
    @Test("a worker's States.Timeout report ends the task as TaskTimedOut, like the task's own timer", arguments: QueueProfile.bothModes)
    func workerReportedTimeout(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let machine = try await cluster.createMachine("worker-timeout", """
            {"StartAt": "S", "States": {"S": {"Type": "Task", "TimeoutSeconds": 60,
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:fail",
              "Parameters": {"error": "States.Timeout", "cause": "the handler ran past TimeoutSeconds"}, "End": true}}}
            """)
            let arn = try await cluster.start(machine)
            let types = try await Self.expectTimedOut(cluster, arn)
            #expect(!types.contains("TaskFailed"))
            #expect(try await cluster.store.timers(executionArn: arn).isEmpty)
        }
    }

    /// Waits for `arn` to end and checks it failed with States.Timeout after a TaskTimedOut; returns its history's types.
    @discardableResult
    static func expectTimedOut(_ cluster: Cluster, _ arn: String) async throws -> [String] {
        let record = try await cluster.waitForEnd(arn)
        #expect(record.status == .failed)
        #expect(record.error == "States.Timeout")
        let types = try await cluster.history(arn).map(\.type)
        #expect(types.contains("TaskTimedOut"))
        return types
    }
}
