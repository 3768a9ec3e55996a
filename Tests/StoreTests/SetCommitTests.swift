import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// PostgreSQL's batch commit goes set by set (`stepwise_commit_set`) and falls back to one commit
/// at a time only when that raises; called directly here, so that a set path that always raised
/// (and so always fell back) would fail these tests instead of hiding behind the fallback.
@Suite("PostgreSQL set-based batch commit")
struct SetCommitTests {
    static func viaSet(_ store: PostgresExecutionStore, _ commits: [ExecutionCommit]) async throws -> (versions: [Int64], codes: [String]) {
        var query = PostgresExecutionStore.batchQuery(commits)
        query.sql = query.sql.replacingOccurrences(of: "stepwise_commit_batch", with: "stepwise_commit_set")
        let row = try #require(try await store.execute(query).first)
        let (versions, codes) = try row.decode(([Int64], [String]).self)
        return (versions, codes)
    }

    @Test("one statement applies the commits that pass and refuses the others with the codes one at a time gives")
    func setBySet() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let store = stores[0]
            let fixture = Fixture()
            let executions = ["a", "b", "c", "d"].map { fixture.execution($0) }
            for execution in executions { try await store.createExecution(fixture.start(execution), quota: .unlimited) }
            let name = "shard.set-\(fixture.account)"
            let old = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(0)))
            let new = try #require(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(11)))
            func commit(_ execution: ExecutionRecord, version: Int64, fence: Lease) -> ExecutionCommit {
                ExecutionCommit(executionArn: execution.arn, expectedVersion: version, fence: LeaseFence(fence), date: fixture.date(12),
                                snapshot: Array("next".utf8), events: fixture.events(2...3),
                                outbox: [fixture.message("task", execution: execution)], processedResultKeys: ["r"])
            }
            var stop = fixture.stop(executions[2], version: 1, status: .failed)
            stop.fence = LeaseFence(new)
            stop.date = fixture.date(12)
            let first = try await Self.viaSet(store, [
                commit(executions[0], version: 1, fence: new),
                commit(executions[1], version: 5, fence: new),  // a stale version
                stop,
                commit(executions[3], version: 1, fence: old),  // a lease another owner took
            ])
            #expect(first.codes == ["", "SWVER", "", "SWFEN"])
            #expect(first.versions == [2, 0, 2, 0])
            #expect(try await store.history(HistoryQuery(executionArn: executions[0].arn)).map(\.id) == [1, 2, 3])
            #expect(try await store.isResultProcessed(executionArn: executions[0].arn, key: "r"))
            #expect(try await !store.isResultProcessed(executionArn: executions[1].arn, key: "r"))
            #expect(try await store.getExecution(arn: executions[2].arn).status == .failed)
            #expect(try await store.getExecution(arn: executions[3].arn).version == 1)
            #expect(try await store.pendingOutbox(limit: 10).map(\.message.executionArn) == [executions[0].arn])
            #expect(try await store.openExecutionCount(account: fixture.account) == 3)
            // A result key already processed, and a stopped execution set running again.
            var again = commit(executions[0], version: 2, fence: new)
            again.events = fixture.events(4...4)
            var revive = commit(executions[2], version: 2, fence: new)
            revive.events = fixture.events(4...4)
            let second = try await Self.viaSet(store, [again, revive])
            #expect(second.codes == ["SWDUP", "SWTRN"])
            #expect(try await store.history(HistoryQuery(executionArn: executions[0].arn)).map(\.id) == [1, 2, 3])
        }
    }
}
