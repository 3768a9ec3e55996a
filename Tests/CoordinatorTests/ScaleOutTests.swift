import Coordinator
import Foundation
import Store
import Synchronization
import Testing

/// Several coordinators on one PostgreSQL store: each reads only its own shards' rows, and every
/// execution runs once, start to end.
@Suite(.timeLimit(.minutes(6)))
struct ScaleOutTests {
    @Test("two coordinators on PostgreSQL: 2,000 3-Task executions succeed with contiguous history ids; each one's outbox and timer reads return only its own shards")
    func twoCoordinators() async throws {
        try await Cluster.with(coordinators: 2, workers: 2, postgres: true) { cluster in
            let machine = try await cluster.createMachine("three", CrashTests.threeTasks)
            // Wait until the two share the shards, so that both read rows while the executions run.
            while cluster.coordinators.contains(where: { $0.ownedShards.isEmpty })
                    || Set(cluster.coordinators.flatMap(\.ownedShards)).count < Shards.count {
                try await Task.sleep(for: .milliseconds(100))
            }
            let reading = Atomic<Bool>(true)
            // What each coordinator's relay and poller ask for: the rows of the shards it owns.
            let sampler = Task { () -> (reads: Int, rows: Int, foreign: Int) in
                var (reads, rows, foreign) = (0, 0, 0)
                while reading.load(ordering: .relaxed) {
                    for shards in cluster.coordinators.map({ Set($0.ownedShards) }) where !shards.isEmpty {
                        let outbox = try await cluster.store.pendingOutbox(shards: shards.sorted(), limit: 500)
                        let timers = try await cluster.store.dueTimers(shards: shards.sorted(), before: Date().addingTimeInterval(3600), limit: 500)
                        let arns = outbox.map(\.message.executionArn) + timers.map(\.executionArn)
                        rows += arns.count
                        foreign += arns.filter { !shards.contains(Shards.shard(of: $0)) }.count
                        reads += 1
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return (reads, rows, foreign)
            }
            var arns: [String] = []
            for i in 0..<2000 {
                arns.append(try await cluster.coordinators[i % 2].launcher.start(stateMachine: machine, name: "e\(i)", input: "{\"i\": \(i)}").arn)
            }
            for arn in arns {
                let record = try await cluster.waitForEnd(arn, timeout: .seconds(180))
                #expect(record.status == .succeeded)
                CrashTests.expectClean(try await cluster.history(arn), types: CrashTests.linear(3), arn)
            }
            reading.store(false, ordering: .relaxed)
            let sampled = try await sampler.value
            #expect(sampled.reads > 20)
            #expect(sampled.rows > 0, "the reads saw work in flight")
            #expect(sampled.foreign == 0)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }
}
