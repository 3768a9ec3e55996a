import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store
import Testing

/// Task states that start executions of other state machines (`states:startExecution*`), through
/// start requests on AMQP, with the parent's ARN recorded on the child.
@Suite(.timeLimit(.minutes(6)))
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

    @Test(".sync:2 gives Input and Output as JSON")
    func sync2Output() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("HelloWorld", Self.helloWorld)
            let parent = try await cluster.createMachine("Parent2", Self.associated(child.arn, resource: "arn:aws:states:::states:startExecution.sync:2"))
            let record = try await cluster.waitForEnd(try await cluster.start(parent))
            #expect(record.status == .succeeded)
            #expect(try json(record.output)["Output"] == .string("Hello World!"))
        }
    }

    /// A child that waits two minutes.
    static let waiting = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 120, "End": true}}}"#
    static let failingChild = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "no"}}}"#
    /// A child that times out by its own top-level `TimeoutSeconds`.
    static let timingOutChild = #"{"TimeoutSeconds": 1, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 120, "End": true}}}"#

    @Test("a child that fails or times out fails its .sync or .sync:2 Task with States.TaskFailed, the child's description as cause",
          arguments: [".sync", ".sync:2"], ["fails", "times out"])
    func childEndsBadly(mode: String, ending: String) async throws {
        try await Cluster.with { cluster in
            let (definition, status, error) = ending == "fails" ? (Self.failingChild, "FAILED", "Child.Broke")
                                                                 : (Self.timingOutChild, "TIMED_OUT", "States.Timeout")
            let child = try await cluster.createMachine("Child", definition)
            let parent = try await cluster.createMachine("Parent", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution\(mode)",
              "Parameters": {"StateMachineArn": "\(child.arn)", "Input": {"k": 1}}, "End": true}}}
            """)
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .failed)
            #expect(record.error == "States.TaskFailed")
            let childRecord = try #require(try await cluster.store.children(of: arn).first)
            #expect(childRecord.status.rawValue == status)
            let description = try json(record.cause)
            #expect(description["ExecutionArn"] == .string(childRecord.arn))
            #expect(description["Name"] == .string(childRecord.name))
            #expect(description["StateMachineArn"] == .string(child.arn))
            #expect(description["Status"] == .string(status))
            #expect(description["Error"] == .string(error))
            #expect(description["Cause"] != nil)
            #expect(description["StartDate"] != nil && description["StopDate"] != nil)
            #expect(description["Output"] == nil)
            let input = JSON.object(JSONObject([("k", .int(1))]))
            if mode == ".sync" {
                #expect(try JSON(parsing: description["Input"]?.stringValue ?? "") == input, ".sync gives the input as a JSON string")
            } else {
                #expect(description["Input"] == input, ".sync:2 gives the input as JSON")
            }
        }
    }

    @Test("a .sync or .sync:2 child that outlives its Task's TimeoutSeconds: the Task times out and the child is stopped",
          arguments: [".sync", ".sync:2"])
    func timingOutTask(mode: String) async throws {
        try await Cluster.with { cluster in
            let slow = try await cluster.createMachine("Slow", Self.waiting)
            let parent = try await cluster.createMachine("Impatient", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution\(mode)",
              "TimeoutSeconds": 5, "Parameters": {"StateMachineArn": "\(slow.arn)"}, "End": true}}}
            """)
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .failed)
            #expect(record.error == "States.Timeout")
            let child = try await Self.firstChild(of: arn, in: cluster)
            #expect(try await cluster.waitForEnd(child.arn).status == .aborted)
        }
    }

    /// A `.waitForTaskToken` parent of `child` that passes the token as `{"token"}`, with `timeouts` in its Task.
    static func callback(_ child: String, _ timeouts: String) -> String {
        """
        {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
          \(timeouts), "Parameters": {"StateMachineArn": "\(child)", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}
        """
    }

    /// The first child of `arn`, once its start request has been processed.
    static func firstChild(of arn: String, in cluster: Cluster) async throws -> ExecutionRecord {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let child = try await cluster.store.children(of: arn).first { return child }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("no child of \(arn) after 30 s")
    }

    /// The token the first child of `arn` received.
    static func token(from arn: String, in cluster: Cluster) async throws -> String {
        try #require(try json(try await firstChild(of: arn, in: cluster).input)["token"]?.stringValue)
    }

    @Test(".waitForTaskToken: the parent waits for SendTaskSuccess or SendTaskFailure with the token the child received",
          arguments: [ExecutionSignal.Kind.taskSuccess, .taskFailure])
    func waitForTaskToken(answer: ExecutionSignal.Kind) async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("Holder", Self.waiting)
            let parent = try await cluster.createMachine("Callback", Self.callback(child.arn, #""HeartbeatSeconds": 60"#))
            let arn = try await cluster.start(parent)
            let token = try await Self.token(from: arn, in: cluster)
            try await cluster.signal(answer == .taskSuccess
                ? ExecutionSignal(executionArn: arn, kind: .taskSuccess, taskKey: token, output: #"{"ok": 1}"#)
                : ExecutionSignal(executionArn: arn, kind: .taskFailure, taskKey: token, error: "Child.Said", cause: "no luck"))
            let record = try await cluster.waitForEnd(arn)
            if answer == .taskSuccess {
                #expect(record.status == .succeeded)
                #expect(try json(record.output) == JSON.object(JSONObject([("ok", .int(1))])))
            } else {
                #expect(record.status == .failed)
                #expect(record.error == "Child.Said")
                #expect(record.cause == "no luck")
                #expect(try await cluster.history(arn).contains { $0.type == "TaskFailed" && $0.details.contains("Child.Said") })
            }
        }
    }

    @Test(".waitForTaskToken with nobody answering: TimeoutSeconds (the child failed) or HeartbeatSeconds expires",
          arguments: [(#""TimeoutSeconds": 2"#, "States.Timeout"), (#""HeartbeatSeconds": 2, "TimeoutSeconds": 600"#, "States.HeartbeatTimeout")])
    func waitForTaskTokenUnanswered(timeouts: String, error: String) async throws {
        try await Cluster.with { cluster in
            // A child that fails never answers its token, so only the parent's own timers end its Task.
            let child = try await cluster.createMachine("Silent", error == "States.Timeout" ? Self.failingChild : Self.waiting)
            let parent = try await cluster.createMachine("Callback", Self.callback(child.arn, timeouts))
            let arn = try await cluster.start(parent)
            let record = try await cluster.waitForEnd(arn)
            #expect(record.status == .failed)
            #expect(record.error == error)
            if error == "States.Timeout" { #expect(try await Self.firstChild(of: arn, in: cluster).status == .failed) }
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
