import Foundation
import Store
import Testing

@Suite("Shard-scoped polling")
struct ShardScopeTests {
    /// Executions named so that each lands in a shard of its own.
    static func executionsInDistinctShards(_ fixture: Fixture, count: Int) -> [ExecutionRecord] {
        var seen = Set<Int>()
        var found: [ExecutionRecord] = []
        var index = 0
        while found.count < count {
            let execution = fixture.execution("e\(index)")
            index += 1
            if seen.insert(ExecutionShards.shard(of: execution.arn)).inserted { found.append(execution) }
        }
        return found
    }

    @Test("outbox and timer reads return only the rows of the shards asked for", arguments: Backend.allCases)
    func scoped(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let executions = Self.executionsInDistinctShards(fixture, count: 3)
            let shards = executions.map { ExecutionShards.shard(of: $0.arn) }
            for (index, execution) in executions.enumerated() {
                try await store.createExecution(
                    fixture.start(execution, timers: [fixture.timer("t", execution: execution, due: Double(index))],
                                  outbox: [fixture.message("q\(index)", execution: execution)]),
                    quota: .unlimited)
            }
            // A commit's rows carry the shard too.
            try await store.commit(ExecutionCommit(
                executionArn: executions[0].arn, expectedVersion: 1, date: fixture.date(1), events: fixture.events(2...2),
                addTimers: [fixture.timer("later", execution: executions[0], due: 5)],
                outbox: [fixture.message("later", execution: executions[0])]))

            let first = try await store.pendingOutbox(shards: [shards[0]], limit: 10)
            #expect(first.map(\.message.routingKey) == ["q0", "later"])
            let others = try await store.pendingOutbox(shards: [shards[1], shards[2]], limit: 10)
            #expect(others.map(\.message.routingKey) == ["q1", "q2"])
            #expect(try await store.pendingOutbox(shards: [], limit: 10).isEmpty)
            let unused = ExecutionShards.all.filter { !shards.contains($0) }
            #expect(try await store.pendingOutbox(shards: unused, limit: 10).isEmpty)

            let due = try await store.dueTimers(shards: [shards[0], shards[2]], before: fixture.date(10), limit: 10)
            #expect(due.map(\.id) == [executions[0].arn + "#t", executions[2].arn + "#t", executions[0].arn + "#later"])
            #expect(try await store.dueTimers(shards: [shards[1]], before: fixture.date(10), limit: 10).map(\.executionArn) == [executions[1].arn])
            #expect(try await store.dueTimers(shards: unused, before: fixture.date(10), limit: 10).isEmpty)
            // Every shard: the unscoped convenience sees them all.
            #expect(try await store.pendingOutbox(limit: 10).count == 4)
        }
    }
}
