import Coordinator
import Foundation
import Store
import Synchronization
import Testing

/// Per-account open-execution limits, enforced by the store across coordinators.
@Suite(.timeLimit(.minutes(3)))
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
