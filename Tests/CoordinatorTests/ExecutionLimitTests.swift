import AMQP
import Coordinator
import Foundation
import Messages
import MessagesAMQP
import Store
import Synchronization
import Testing

/// Limits per state machine and per tree (`stepwise:maxOpen`, `stepwise:maxOpenPerTree`) and
/// queued starts (`stepwise:onLimit` `queue`), with a real broker and store.
@Suite(.timeLimit(.minutes(6)))
struct ExecutionLimitTests {
    static func wait(_ seconds: Int) -> String {
        #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": \#(seconds), "End": true}}}"#
    }

    /// One Task that sleeps `ms` on the test workers.
    static func sleep(_ ms: Int) -> String {
        #"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:sleep", "Parameters": {"ms": \#(ms)}, "End": true}}}"#
    }

    static func tag(_ cluster: Cluster, _ machine: StateMachineRecord, _ tags: [String: String]) async throws {
        try await cluster.store.tagResource(arn: machine.arn, tags: tags.map { ResourceTag(key: $0.key, value: $0.value) })
    }

    @Test("a machine limited to 5 that queues: 200 starts racing through two coordinator processes, one killed: never more than 5 open, started in queue order, none lost")
    func queuedThroughKill() async throws {
        try await Cluster.with(coordinators: 0, workers: 1, postgres: true) { cluster in
            let machine = try await cluster.createMachine("capped", Self.sleep(300))
            try await Self.tag(cluster, machine, ["stepwise:maxOpen": "5", "stepwise:onLimit": "queue"])
            let scope = ExecutionLimits.stateMachineScope(machine.arn)
            let a = try StepwiseProcess(["coordinator"], cluster: cluster)
            let b = try StepwiseProcess(["coordinator"], cluster: cluster)
            defer { a.stop(); b.stop() }
            try await a.waitFor("took shard")
            try await b.waitFor("took shard")

            // The sampler: the open count, and the queue order. It reads the started executions
            // first, then the queue: an execution started in between is in neither, and every one in
            // the queue was queued when the first read was made, so everything started by then must
            // be earlier in the queue than everything still in it.
            let sampling = Atomic<Bool>(true)
            let sampler = Task { () -> (samples: Int, peak: Int, inversions: Int, sequenced: Int) in
                var sequence: [String: Int64] = [:]
                var (samples, peak, inversions) = (0, 0, 0)
                while sampling.load(ordering: .relaxed) {
                    let all = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn)), page: PageRequest(limit: 1000)).items
                    let queue = try await cluster.store.pendingStarts(scope: scope, limit: 1000)
                    for p in queue { sequence[p.execution.arn] = p.sequence }
                    let started = all.filter { $0.status != .pending }
                    peak = max(peak, started.filter { $0.status == .running }.count)
                    if let firstWaiting = queue.map(\.sequence).min(),
                       let lastStarted = started.compactMap({ sequence[$0.arn] }).max(), lastStarted > firstWaiting {
                        inversions += 1
                    }
                    samples += 1
                    try await Task.sleep(for: .milliseconds(20))
                }
                return (samples, peak, inversions, sequence.count)
            }
            let publisher = try await AMQPPublisher.connect(to: cluster.url, topology: CoordinatorTopology.standard(cluster.queues),
                                                            name: "test-starts", logger: Cluster.logger)
            for i in 0..<200 {
                let request = ExecutionStartRequest(stateMachineArn: machine.arn, name: "q\(i)", input: #"{"i": \#(i)}"#)
                try await publisher.publish(AMQPOutgoingMessage(request.encoded(), exchange: WireNames.exchange, routingKey: WireNames.startQueue))
            }
            await publisher.close()
            var succeeded = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while succeeded < 60 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                succeeded = try await cluster.store.listExecutions(
                    ExecutionFilter(.stateMachine(machine.arn), status: .succeeded), page: PageRequest(limit: 1000)).items.count
            }
            a.kill9()
            let arns = (0..<200).map { ARNs.executionArn(stateMachineArn: machine.arn, name: "q\($0)") }
            for arn in arns {
                var record: ExecutionRecord?
                for _ in 0..<600 where record == nil {
                    record = try? await cluster.store.getExecution(arn: arn)
                    if record == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let ended = try await cluster.waitForEnd(arn, timeout: .seconds(120))
                #expect(ended.status == .succeeded, "\(arn)")
                let types = try await cluster.history(arn).map(\.type)
                #expect(types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                                  "TaskStateExited", "ExecutionSucceeded"], "\(arn)")
            }
            sampling.store(false, ordering: .relaxed)
            let result = try await sampler.value
            #expect(result.samples >= 20)
            #expect(result.peak <= 5)
            #expect(result.peak >= 4)
            #expect(result.inversions == 0)
            #expect(result.sequenced >= 150)
            #expect(try await cluster.store.pendingStarts(scope: scope, limit: 10).isEmpty)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
            print("[limits] 200 starts, limit 5: peak open \(result.peak), \(result.samples) samples, "
                  + "\(result.sequenced) seen queued, \(result.inversions) out of order")
        }
    }

    static func recursive(_ arn: String) -> String {
        """
        {"StartAt": "Go", "States": {
          "Go": {"Type": "Choice", "Choices": [{"Variable": "$.depth", "NumericGreaterThan": 0, "Next": "Child"}], "Default": "Leaf"},
          "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": "\(arn)",
                                   "Input": {"depth.$": "States.MathAdd($.depth, -1)",
                                             "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
                    "End": true},
          "Leaf": {"Type": "Wait", "Seconds": 1, "End": true}}}
        """
    }

    @Test("a recursive machine with a tree limit of 4: the runaway tree stops at 4 with ExecutionLimitExceeded; other trees finish")
    func treeLimit() async throws {
        try await Cluster.with(coordinators: 1, workers: 0) { cluster in
            let arn = "arn:aws:states:us-east-1:\(Cluster.account):stateMachine:recurse"
            let machine = try await cluster.createMachine("recurse", Self.recursive(arn))
            try await Self.tag(cluster, machine, ["stepwise:maxOpenPerTree": "4"])
            let runaway = try await cluster.start(machine, name: "runaway", input: #"{"depth": 50}"#)
            let small = try await (0..<3).asyncMap { try await cluster.start(machine, name: "small-\($0)", input: #"{"depth": 2}"#) }
            #expect(try await cluster.waitForEnd(runaway).status == .failed)
            for arn in small { #expect(try await cluster.waitForEnd(arn).status == .succeeded) }
            let all = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn)), page: PageRequest(limit: 1000)).items
            let tree = all.filter { $0.rootArn == runaway }
            #expect(tree.count == 4)
            let deepest = try #require(tree.first { record in !tree.contains { $0.parentArn == record.arn } })
            let failure = try await cluster.history(deepest.arn).first { $0.type == "TaskFailed" }
            #expect(failure?.details.contains("StepFunctions.ExecutionLimitExceeded") == true)
            for root in small { #expect(all.filter { $0.rootArn == root }.count == 3) }
        }
    }

    @Test("the account's limit and a machine's limit together: the stricter holds, racing through two coordinators")
    func stricterHolds() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 4))
        try await Cluster.with(coordinators: 2, workers: 0, postgres: true, quotas: quotas) { cluster in
            let strict = try await cluster.createMachine("strict", Self.wait(300))
            let loose = try await cluster.createMachine("loose", Self.wait(300))
            try await Self.tag(cluster, strict, ["stepwise:maxOpen": "2"])
            try await Self.tag(cluster, loose, ["stepwise:maxOpen": "10"])
            let launchers = cluster.coordinators.map(\.launcher)
            func race(_ machine: StateMachineRecord) async -> [String] {
                await withTaskGroup(of: String.self) { group in
                    for i in 0..<10 {
                        group.addTask {
                            do {
                                _ = try await launchers[i % 2].start(stateMachine: machine, name: "r\(i)", input: "{}",
                                                                     quota: quotas.quota(account: Cluster.account, nested: false))
                                return "started"
                            } catch let error as StoreError where error == .limitExceeded {
                                return error.message.contains("state machine") ? "machine" : "account"
                            } catch {
                                return "\(error)"
                            }
                        }
                    }
                    return await group.reduce(into: [String]()) { $0.append($1) }
                }
            }
            let first = await race(strict)
            #expect(first.filter { $0 == "started" }.count == 2)
            #expect(first.filter { $0 == "machine" }.count == 8)
            let second = await race(loose)
            #expect(second.filter { $0 == "started" }.count == 2)
            #expect(second.filter { $0 == "account" }.count == 8)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 4)
            for machine in [strict, loose] {
                let running = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn), status: .running),
                                                                     page: PageRequest(limit: 100)).items
                #expect(running.count == 2)
                for execution in running { try await cluster.stop(execution.arn) }
            }
        }
    }

    @Test("children of a machine limited to 2 that queues: .sync parents wait for their queued children, and all finish")
    func queuedChildren() async throws {
        try await Cluster.with(coordinators: 1, workers: 1) { cluster in
            let child = try await cluster.createMachine("child", Self.sleep(200))
            try await Self.tag(cluster, child, ["stepwise:maxOpen": "2", "stepwise:onLimit": "queue"])
            let parent = try await cluster.createMachine("parent", """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Run", "States": {
                    "Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                            "Parameters": {"StateMachineArn": "\(child.arn)", "Input": {"n.$": "$"}}, "End": true}}},
                  "End": true}}}
                """)
            let peak = Atomic<Int>(0)
            let sampling = Atomic<Bool>(true)
            let sampler = Task {
                while sampling.load(ordering: .relaxed) {
                    let running = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(child.arn), status: .running),
                                                                         page: PageRequest(limit: 100)).items.count
                    peak.max(running)
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let parents = try await (0..<2).asyncMap { try await cluster.start(parent, name: "p\($0)", input: #"{"items": [1, 2, 3, 4, 5, 6, 7, 8]}"#) }
            for arn in parents {
                let record = try await cluster.waitForEnd(arn, timeout: .seconds(60))
                #expect(record.status == .succeeded)
                let output = try #require(record.output)
                #expect(output.components(separatedBy: "SUCCEEDED").count - 1 == 8)
            }
            sampling.store(false, ordering: .relaxed)
            try await sampler.value
            #expect(peak.load(ordering: .relaxed) <= 2)
            let children = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(child.arn)), page: PageRequest(limit: 100)).items
            #expect(children.count == 16)
            #expect(children.allSatisfy { $0.status == .succeeded })
            #expect(cluster.coordinators[0].metrics.admittedExecutions >= 10)
        }
    }
}

extension ExecutionLimitTests {
    @Test("a queued child whose parent stopped meanwhile is aborted when its slot frees, not started")
    func orphanedQueuedChild() async throws {
        try await Cluster.with(coordinators: 1, workers: 0) { cluster in
            let child = try await cluster.createMachine("child", Self.wait(300))
            try await Self.tag(cluster, child, ["stepwise:maxOpen": "1", "stepwise:onLimit": "queue"])
            let parent = try await cluster.createMachine("parent", """
                {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "\(child.arn)", "Input": {}}, "End": true}}}
                """)
            let blocker = try await cluster.start(child, name: "blocker")
            let p = try await cluster.start(parent, name: "p")
            var queued: ExecutionRecord?
            for _ in 0..<100 where queued == nil {
                queued = try await cluster.store.children(of: p).first
                if queued == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let orphan = try #require(queued)
            #expect(orphan.status == .pending)
            try await cluster.stop(p)
            #expect(try await cluster.waitForEnd(p).status == .aborted)
            try await cluster.stop(blocker)
            let ended = try await cluster.waitForEnd(orphan.arn)
            #expect(ended.status == .aborted)
            #expect(try await cluster.history(orphan.arn).map(\.type) == ["ExecutionAborted"])
            #expect(try await cluster.store.pendingStarts(scope: ExecutionLimits.stateMachineScope(child.arn), limit: 10).isEmpty)
        }
    }
}

extension ExecutionLimitTests {
    @Test("slots the account frees go to the queues of several machines in turn, not to the first")
    func fairAcrossMachines() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 4))
        try await Cluster.with(coordinators: 1, workers: 0, quotas: quotas) { cluster in
            let a = try await cluster.createMachine("a", Self.wait(300))
            let b = try await cluster.createMachine("b", Self.wait(300))
            let c = try await cluster.createMachine("c", Self.wait(300))
            for machine in [a, b] { try await Self.tag(cluster, machine, ["stepwise:maxOpen": "1", "stepwise:onLimit": "queue"]) }
            let holders = [try await cluster.start(c, name: "c1"), try await cluster.start(c, name: "c2")]
            _ = try await cluster.start(a, name: "a1")
            _ = try await cluster.start(b, name: "b1")
            var queued: [String: String] = [:]
            for name in ["a2", "a3"] { queued[name] = try await cluster.start(a, name: name) }
            for name in ["b2", "b3"] { queued[name] = try await cluster.start(b, name: name) }
            for arn in queued.values { #expect(try await cluster.store.getExecution(arn: arn).status == .pending) }
            // The machines' own limits no longer hold anything back: only the full account does.
            for machine in [a, b] { try await Self.tag(cluster, machine, ["stepwise:maxOpen": "10"]) }
            try await Task.sleep(for: .seconds(3))
            for arn in queued.values { #expect(try await cluster.store.getExecution(arn: arn).status == .pending) }
            for arn in holders { try await cluster.stop(arn) }
            let deadline = ContinuousClock.now + .seconds(15)
            var running: [String] = []
            while running.count < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                running = try await queued.asyncFilter { try await cluster.store.getExecution(arn: $0.value).status == .running }.map(\.key)
            }
            try await Task.sleep(for: .seconds(3))
            running = try await queued.asyncFilter { try await cluster.store.getExecution(arn: $0.value).status == .running }.map(\.key)
            #expect(running.sorted() == ["a2", "b2"])
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 4)
        }
    }
}

extension Sequence {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var result: [Element] = []
        for element in self {
            if try await keep(element) { result.append(element) }
        }
        return result
    }

    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
