import Coordinator
import Foundation
import Store
import Synchronization
import Testing

/// Per-account open-execution limits, enforced by the store across coordinators.
@Suite(.timeLimit(.minutes(6)))
struct QuotaTests {
    static let waiting = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": true}}}"#

    @Test("limit 10, 500 starts racing through two coordinators on PostgreSQL: exactly 10 run, the open count never passes 10")
    func racingStarts() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 10))
        try await Cluster.with(coordinators: 2, workers: 0, postgres: true, quotas: quotas) { cluster in
            let machine = try await cluster.createMachine("held", Self.waiting)
            let launchers = cluster.coordinators.map(\.launcher)
            let peak = Atomic<Int>(0)
            let sampling = Atomic<Bool>(true)
            let sampler = Task {
                var samples = 0
                while sampling.load(ordering: .relaxed) {
                    let open = try await cluster.store.openExecutionCount(account: Cluster.account)
                    let running = try await cluster.store.listExecutions(
                        ExecutionFilter(.stateMachine(machine.arn), status: .running), page: PageRequest(limit: 1000)).items.count
                    peak.max(max(open, running))
                    samples += 1
                }
                return samples
            }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for i in 0..<500 {
                    group.addTask {
                        do {
                            _ = try await launchers[i % 2].start(stateMachine: machine, name: "race-\(i)", input: "{}",
                                                                 quota: quotas.quota(account: Cluster.account, nested: false))
                            return "started"
                        } catch let error as StoreError where error == .limitExceeded {
                            return "limit"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var all: [String] = []
                for await o in group { all.append(o) }
                return all
            }
            sampling.store(false, ordering: .relaxed)
            let samples = try await sampler.value
            #expect(outcomes.filter { $0 == "started" }.count == 10)
            #expect(outcomes.filter { $0 == "limit" }.count == 490)
            #expect(samples >= 1)
            #expect(peak.load(ordering: .relaxed) <= 10)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 10)
            // Stopping frees every slot exactly once.
            let running = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn), status: .running),
                                                                 page: PageRequest(limit: 100)).items
            for execution in running { try await cluster.stop(execution.arn) }
            for execution in running { #expect(try await cluster.waitForEnd(execution.arn).status == .aborted) }
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("a nested reserve lets a tree in progress start its children while root starts are refused")
    func nestedReserve() async throws {
        // Three slots, one only for nested starts: two roots fill the rest and each can still start a child.
        let quotas = AccountQuotas(defaults: .init(maxOpen: 3, nestedReserve: 1))
        try await Cluster.with(quotas: quotas) { cluster in
            let child = try await cluster.createMachine("Child", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}"#)
            let parent = try await cluster.createMachine("Tree", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
              "Parameters": {"StateMachineArn": "\(child.arn)"},
              "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 20}],
              "End": true}}}
            """)
            let first = try await cluster.start(parent)
            let second = try await cluster.start(parent)
            await #expect(throws: StoreError.limitExceeded) { _ = try await cluster.start(parent) }
            for arn in [first, second] {
                #expect(try await cluster.waitForEnd(arn, timeout: .seconds(60)).status == .succeeded)
            }
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("without a reserve, parents holding every slot starve their children: a parent fails once its retries run out")
    func starvationWithoutReserve() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 2))
        try await Cluster.with(quotas: quotas) { cluster in
            let child = try await cluster.createMachine("Child", #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}"#)
            let parent = try await cluster.createMachine("Starving", """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
              "Parameters": {"StateMachineArn": "\(child.arn)"},
              "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 2}],
              "End": true}}}
            """)
            let a = try await cluster.start(parent)
            let b = try await cluster.start(parent)
            var ends: [ExecutionRecord] = []
            for arn in [a, b] { ends.append(try await cluster.waitForEnd(arn, timeout: .seconds(60))) }
            // Each parent holds one of the two slots, so neither child can start until one parent gives
            // up; the other may then get the freed slot on a later retry.
            let starved = ends.filter { $0.status == .failed && $0.error == "StepFunctions.ExecutionLimitExceeded" }
            #expect(!starved.isEmpty)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }
}

extension QuotaTests {
    /// A child that holds its slot for a second.
    static let brief = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}"#

    /// A Task that runs `child` with `.sync:2` (input `input`), retrying every second while the limit refuses it.
    static func startTask(_ child: String, input: String = "{}") -> String {
        """
        {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
         "Parameters": {"StateMachineArn": "\(child)", "Input": \(input)},
         "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 100}],
         "End": true}
        """
    }

    /// A state machine that starts `child` once per item of `$.items`, all at once.
    static func fanOut(_ child: String) -> String {
        """
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Start", "States": {"Start": \(startTask(child))}},
          "End": true}}}
        """
    }

    /// Runs `body` while sampling the account's open count; returns the highest count seen.
    static func peakOpen(_ cluster: Cluster, during body: () async throws -> Void) async throws -> Int {
        let sampler = Task {
            var peak = 0
            while !Task.isCancelled {
                do { peak = max(peak, try await cluster.store.openExecutionCount(account: Cluster.account)) } catch where Task.isCancelled { break }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return peak
        }
        do { try await body() } catch {
            sampler.cancel()
            throw error
        }
        sampler.cancel()
        return try await sampler.value
    }

    /// The `StepFunctions.ExecutionLimitExceeded` refusals in the histories of `arns`; fails if any Task failed otherwise.
    static func refusals(_ arns: [String], in cluster: Cluster) async throws -> Int {
        let failures = try await arns.asyncFlatMap { try await cluster.history($0).filter { $0.type == "TaskFailed" } }
        #expect(failures.allSatisfy { $0.details.contains("StepFunctions.ExecutionLimitExceeded") })
        return failures.count
    }

    /// The children of `arn`, after checking that they all succeeded.
    static func succeededChildren(of arn: String, in cluster: Cluster) async throws -> [ExecutionRecord] {
        let children = try await cluster.store.children(of: arn)
        #expect(children.allSatisfy { $0.status == .succeeded }, "children of \(arn)")
        return children
    }

    @Test("limit 4: children refused with StepFunctions.ExecutionLimitExceeded retry until slots free up, and every parent finishes")
    func limitFourRetries() async throws {
        let quotas = AccountQuotas(defaults: .init(maxOpen: 4))
        try await Cluster.with(quotas: quotas) { cluster in
            // Two parents start three children each at once: eight executions for four slots.
            let child = try await cluster.createMachine("Child", Self.brief)
            let parent = try await cluster.createMachine("FanOut", Self.fanOut(child.arn))
            var parents: [String] = []
            let peak = try await Self.peakOpen(cluster) {
                for _ in 0..<2 { parents.append(try await cluster.start(parent, input: #"{"items": [1, 2, 3]}"#)) }
                for arn in parents { #expect(try await cluster.waitForEnd(arn).status == .succeeded) }
            }
            #expect(peak <= 4)
            #expect(try await Self.refusals(parents, in: cluster) > 0)
            for arn in parents { #expect(try await Self.succeededChildren(of: arn, in: cluster).count == 3) }
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("with a reserve of two, roots filling every other slot cannot starve their three-level trees")
    func reserveFeedsFullTrees() async throws {
        // Four slots, two reserved and graded by depth: two roots take the two plain slots, middles
        // may take a third, leaves the fourth. Middles alone can never fill the reserve, so a
        // middle always gets its leaves started. (An ungraded reserve starved here: both middles
        // took both reserved slots and no leaf could ever start.)
        let quotas = AccountQuotas(defaults: .init(maxOpen: 4, nestedReserve: 2))
        try await Cluster.with(quotas: quotas) { cluster in
            let leaf = try await cluster.createMachine("Leaf", Self.brief)
            let middle = try await cluster.createMachine("Middle", Self.fanOut(leaf.arn))
            let root = try await cluster.createMachine("Root", """
            {"StartAt": "Start", "States": {"Start": \(Self.startTask(middle.arn, input: #"{"items": [1, 2]}"#))}}
            """)
            var roots: [String] = []
            let peak = try await Self.peakOpen(cluster) {
                for _ in 0..<2 { roots.append(try await cluster.start(root)) }
                await #expect(throws: StoreError.limitExceeded) { _ = try await cluster.start(root) }
                for arn in roots { #expect(try await cluster.waitForEnd(arn).status == .succeeded) }
            }
            #expect(peak <= 4)
            var middles: [String] = []
            for arn in roots { middles += try await Self.succeededChildren(of: arn, in: cluster).map(\.arn) }
            #expect(middles.count == 2)
            for arn in middles { #expect(try await Self.succeededChildren(of: arn, in: cluster).count == 2) }
            #expect(try await Self.refusals(roots + middles, in: cluster) > 0)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }
}

extension Atomic where Value == Int {
    /// Raises the value to `candidate` if it is larger.
    func max(_ candidate: Int) {
        var current = load(ordering: .relaxed)
        while candidate > current {
            let (exchanged, original) = compareExchange(expected: current, desired: candidate, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
