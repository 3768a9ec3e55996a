import AMQPTesting
import ASL
import Coordinator
import Foundation
import MessagesAMQP
import Store
import Testing

/// Processes die with `kill -9` and brokers restart; every execution still ends exactly as its
/// definition says, each state transition recorded once.
@Suite(.timeLimit(.minutes(10)))
struct CrashTests {
    /// The history types of a linear run of `tasks` Task states.
    static func linear(_ tasks: Int) -> [String] {
        ["ExecutionStarted"] + Array(repeating: ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"],
                                     count: tasks).flatMap { $0 } + ["ExecutionSucceeded"]
    }

    /// Every event once: ids 1...n in order, and the expected types.
    static func expectClean(_ history: [Store.HistoryEvent], types: [String], _ arn: String) {
        #expect(history.map(\.id) == Array(1...Int64(max(history.count, 1))), "event ids of \(arn)")
        #expect(history.map(\.type) == types, "history of \(arn)")
    }

    static let threeTasks = """
    {"StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "B"},
      "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "C"},
      "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}
    """

    @Test("kill -9 of a worker holding tasks: another worker gets them, one successful attempt per state", arguments: QueueProfile.bothModes)
    func workerKilled(queues: QueueProfile) async throws {
        try await Cluster.with(workers: 0, queues: queues) { cluster in
            let machine = try await cluster.createMachine("slow", """
            {"StartAt": "Slow", "States": {
              "Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 3000}, "Next": "Echo"},
              "Echo": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}
            """)
            let doomed = try StepwiseProcess(["worker", "--functions", "sleep,echo"], cluster: cluster)
            try await doomed.waitFor("worker consuming")
            var arns: [String] = []
            for _ in 0..<4 { arns.append(try await cluster.start(machine)) }
            try await Task.sleep(for: .milliseconds(1000))
            doomed.kill9()
            let survivor = try StepwiseProcess(["worker", "--functions", "sleep,echo"], cluster: cluster)
            defer { survivor.stop() }
            for arn in arns {
                let record = try await cluster.waitForEnd(arn)
                #expect(record.status == .succeeded)
                Self.expectClean(try await cluster.history(arn), types: Self.linear(2), arn)
            }
        }
    }

    @Test("kill -9 of the coordinator with Wait timers and tasks in flight: a new one finishes everything once", arguments: QueueProfile.bothModes)
    func coordinatorKilled(queues: QueueProfile) async throws {
        try await Cluster.with(coordinators: 0, workers: 2, queues: queues) { cluster in
            let machine = try await cluster.createMachine("waits", """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "W"},
              "W": {"Type": "Wait", "Seconds": 2, "Next": "B"},
              "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 300}, "End": true}}}
            """)
            let first = try StepwiseProcess(["coordinator"], cluster: cluster)
            try await first.waitFor("took shard")
            var arns: [String] = []
            for i in 0..<60 {
                arns.append(try await cluster.start(machine))
                if i % 10 == 9 { try await Task.sleep(for: .milliseconds(200)) }
            }
            try await Task.sleep(for: .milliseconds(800))
            let timers = try await cluster.store.dueTimers(before: Date().addingTimeInterval(60), limit: 1000)
            #expect(!timers.isEmpty, "Wait timers are pending when the coordinator dies")
            first.kill9()
            let second = try StepwiseProcess(["coordinator"], cluster: cluster)
            defer { second.stop() }
            let types = ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                         "WaitStateEntered", "WaitStateExited",
                         "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]
            for arn in arns {
                let record = try await cluster.waitForEnd(arn, timeout: .seconds(90))
                #expect(record.status == .succeeded)
                Self.expectClean(try await cluster.history(arn), types: types, arn)
            }
            let open = try await cluster.store.listExecutions(ExecutionFilter(.account(Cluster.account), status: .running), page: PageRequest(limit: 100))
            #expect(open.items.isEmpty)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("two coordinators on PostgreSQL, four workers, 1,000 executions, one coordinator killed midway", arguments: QueueProfile.bothModes)
    func twoCoordinatorsOneKilled(queues: QueueProfile) async throws {
        try await Cluster.with(coordinators: 0, workers: 4, postgres: true, queues: queues) { cluster in
            let machine = try await cluster.createMachine("three", Self.threeTasks)
            let a = try StepwiseProcess(["coordinator"], cluster: cluster)
            let b = try StepwiseProcess(["coordinator"], cluster: cluster)
            defer { a.stop(); b.stop() }
            try await a.waitFor("took shard")
            try await b.waitFor("took shard")
            var arns: [String] = []
            for _ in 0..<1000 { arns.append(try await cluster.start(machine)) }
            var finished = 0
            while finished < 300 {
                try await Task.sleep(for: .milliseconds(100))
                finished = try await cluster.store.listExecutions(
                    ExecutionFilter(.account(Cluster.account), status: .succeeded), page: PageRequest(limit: 1000)).items.count
            }
            a.kill9()
            for arn in arns {
                let record = try await cluster.waitForEnd(arn, timeout: .seconds(120))
                #expect(record.status == .succeeded)
                Self.expectClean(try await cluster.history(arn), types: Self.linear(3), arn)
            }
            #expect(b.log.contains("took shard"))
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("a RabbitMQ restart mid-run: every execution still finishes, each transition once", arguments: QueueProfile.bothModes)
    func brokerRestart(queues: QueueProfile) async throws {
        try await FaultNode.exclusively {
            let env = ProcessInfo.processInfo.environment
            let broker = env["STEPWISE_TEST_FAULT_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5673/"
            let node = FaultNode.node
            try await Cluster.with(workers: 2, broker: broker, node: node, queues: queues) { cluster in
                let machine = try await cluster.createMachine("restart", """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 200}, "Next": "B"},
                  "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": 200}, "End": true}}}
                """)
                try await Task.sleep(for: .seconds(1))
                var arns: [String] = []
                for _ in 0..<200 { arns.append(try await cluster.start(machine)) }
                try await Task.sleep(for: .milliseconds(500))
                try await TestVhost.rabbitmqctl(node, ["stop_app"])
                try await Task.sleep(for: .seconds(1))
                try await TestVhost.rabbitmqctl(node, ["start_app"])
                for arn in arns {
                    let record = try await cluster.waitForEnd(arn, timeout: .seconds(120))
                    #expect(record.status == .succeeded)
                    Self.expectClean(try await cluster.history(arn), types: Self.linear(2), arn)
                }
            }
        }
    }
}
