import ASL
import Coordinator
import Foundation
import Messages
import Store
import Testing

/// Task states that start executions of other state machines (`states:startExecution*`), through
/// start requests on AMQP, with the parent's ARN recorded on the child.
@Suite(.timeLimit(.minutes(3)))
struct NestedTests {
    static let helloWorld = #"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": "Hello World!", "End": true}}}"#

    /// The guide's first example (its stray comma after `Input` removed: AWS rejects it too).
    static func requestResponse(_ child: String) -> String {
        """
        {"StartAt": "Start", "States": {"Start": {
           "Type":"Task",
           "Resource":"arn:aws:states:::states:startExecution",
           "Parameters":{
              "StateMachineArn":"\(child)",
              "Input":{
                 "Comment":"Hello world!"
              }
           },
           "Retry":[
              {
                "ErrorEquals":[
                    "StepFunctions.ExecutionLimitExceeded"
                ]
              }
           ],
           "End":true
        }}}
        """
    }

    /// The guide's example that associates the child with its parent.
    static func associated(_ child: String, resource: String = "arn:aws:states:::states:startExecution.sync") -> String {
        """
        {"StartAt": "Start", "States": {"Start": {
           "Type":"Task",
           "Resource":"\(resource)",
           "Parameters":{
              "Input":{
                "Comment": "Hello world!",
                "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"
              },
              "StateMachineArn":"\(child)"
           },
           "End":true
        }}}
        """
    }

    @Test("the guide's request-response Task starts HelloWorld and returns its ARN and start date")
    func guideRequestResponse() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("HelloWorld", Self.helloWorld)
            let parent = try await cluster.createMachine("Parent", Self.requestResponse(child.arn))
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let output = try json(record.output)
            let childArn = try #require(output["ExecutionArn"]?.stringValue)
            #expect(output["StartDate"] != nil)
            #expect(childArn.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:HelloWorld:"))
            let childRecord = try await cluster.waitForEnd(childArn)
            #expect(childRecord.status == .succeeded)
            #expect(try json(childRecord.input) == JSON.object(JSONObject([("Comment", .string("Hello world!"))])))
            #expect(childRecord.parentArn == arn)
            #expect(childRecord.rootArn == arn)
            #expect(try await cluster.store.children(of: arn).map(\.arn) == [childArn])
        }
    }

    @Test("the guide's associated .sync Task: the child gets the parent's ARN, the parent AWS's description")
    func guideAssociatedSync() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("HelloWorld", Self.helloWorld)
            let parent = try await cluster.createMachine("Parent", Self.associated(child.arn))
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            let output = try json(record.output)
            #expect(output["Status"] == .string("SUCCEEDED"))
            #expect(output["Output"] == .string("\"Hello World!\""))
            let childArn = try #require(output["ExecutionArn"]?.stringValue)
            let input = try JSON(parsing: output["Input"]?.stringValue ?? "")
            #expect(input["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"] == .string(arn))
            for key in ["InputDetails", "OutputDetails", "Name", "StartDate", "StopDate", "StateMachineArn"] {
                #expect(output[key] != nil, "\(key) in the .sync result")
            }
            #expect(try await cluster.store.ancestors(of: childArn).map(\.arn) == [arn])
        }
    }

    @Test(".sync:2 gives Input and Output as JSON; a failing child fails the parent's Task with its description")
    func sync2AndFailingChild() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("HelloWorld", Self.helloWorld)
            let parent = try await cluster.createMachine("Parent2", Self.associated(child.arn, resource: "arn:aws:states:::states:startExecution.sync:2"))
            let record = try await cluster.waitForEnd(try await cluster.start(parent))
            #expect(record.status == .succeeded)
            #expect(try json(record.output)["Output"] == .string("Hello World!"))

            let failing = try await cluster.createMachine("Failing", #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "no"}}}"#)
            let waiting = try await cluster.createMachine("ParentOfFailing", Self.associated(failing.arn))
            let failed = try await cluster.waitForEnd(try await cluster.start(waiting))
            #expect(failed.status == .failed)
            #expect(failed.error == "States.TaskFailed")
            let description = try JSON(parsing: failed.cause ?? "")
            #expect(description["Status"] == .string("FAILED"))
            #expect(description["Error"] == .string("Child.Broke"))
        }
    }

    @Test("a .sync child that outlives its Task's TimeoutSeconds: the Task times out and the child is stopped")
    func timingOutChild() async throws {
        try await Cluster.with { cluster in
            let slow = try await cluster.createMachine("Slow", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 120, "End": true}}}"#)
            let parent = try await cluster.createMachine("Impatient", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
              "TimeoutSeconds": 5, "Parameters": {"StateMachineArn": "\(slow.arn)"}, "End": true}}}
            """)
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .failed)
            #expect(record.error == "States.Timeout")
            let child = try #require(try await cluster.store.children(of: arn).first)
            #expect(try await cluster.waitForEnd(child.arn).status == .aborted)
        }
    }

    @Test(".waitForTaskToken: the parent waits until SendTaskSuccess with the token the child received")
    func waitForTaskToken() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("Holder", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}"#)
            let parent = try await cluster.createMachine("Callback", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
              "HeartbeatSeconds": 20, "Parameters": {"StateMachineArn": "\(child.arn)", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}
            """)
            let arn = try await cluster.start(parent)
            var children: [ExecutionRecord] = []
            for _ in 0..<100 where children.isEmpty {
                children = try await cluster.store.children(of: arn)
                try await Task.sleep(for: .milliseconds(50))
            }
            let token = try #require(try json(children.first?.input)["token"]?.stringValue)
            try await cluster.signal(ExecutionSignal(executionArn: arn, kind: .taskSuccess, taskKey: token, output: #"{"ok": 1}"#))
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .succeeded)
            #expect(try json(record.output) == JSON.object(JSONObject([("ok", .int(1))])))
        }
    }

    @Test("stopping a parent stops its .sync children, three levels deep")
    func stopCascades() async throws {
        try await Cluster.with { cluster in
            let leaf = try await cluster.createMachine("Leaf", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#)
            let middle = try await cluster.createMachine("Middle", Self.associated(leaf.arn))
            let top = try await cluster.createMachine("Top", Self.associated(middle.arn))
            let arn = try await cluster.start(top)
            var tree: [ExecutionRecord] = []
            for _ in 0..<200 {
                let level1 = try await cluster.store.children(of: arn)
                let level2 = try await level1.asyncFlatMap { try await cluster.store.children(of: $0.arn) }
                tree = level1 + level2
                if level2.count == 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(tree.count == 2)
            try await cluster.stop(arn, error: "Stop.All", cause: "test")
            #expect(try await cluster.waitForEnd(arn).status == .aborted)
            for execution in tree {
                #expect(try await cluster.waitForEnd(execution.arn).status == .aborted, "\(execution.name) stops too")
            }
        }
    }

    @Test("a nested start over the limit fails with StepFunctions.ExecutionLimitExceeded, which a Retry handles")
    func nestedLimitRetried() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 2))
        try await Cluster.with(quotas: quotas) { cluster in
            let blocker = try await cluster.createMachine("Blocker", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#)
            let child = try await cluster.createMachine("HelloWorld", Self.helloWorld)
            let parent = try await cluster.createMachine("Retrying", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
              "Parameters": {"StateMachineArn": "\(child.arn)"},
              "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceededException"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 10}],
              "End": true}}}
            """)
            let blocking = try await cluster.start(blocker)
            let arn = try await cluster.start(parent)
            // Hold the slot until the parent's start has been refused at least once.
            let deadline = ContinuousClock.now + .seconds(60)
            while try await !cluster.history(arn).contains(where: { $0.type == "TaskFailed" }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await cluster.stop(blocking)
            let record = try await cluster.waitForEnd(arn, timeout: .seconds(30))
            #expect(record.status == .succeeded)
            let history = try await cluster.history(arn)
            let failures = history.filter { $0.type == "TaskFailed" }
            #expect(!failures.isEmpty)
            #expect(failures.allSatisfy { $0.details.contains("StepFunctions.ExecutionLimitExceeded") })
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }
}

extension Array {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out += try await transform(e) }
        return out
    }
}
