import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    /// One round trip: `stepwise_commit` checks and applies the whole change in one statement
    /// (see ``PostgresSchema/commitFunction``); a failed check rolls all of it back.
    @discardableResult
    public func commit(_ commit: ExecutionCommit) async throws -> Int64 {
        let rows = try await execute(Prepared<Commit>(Self.commitQuery(commit)))
        guard let row = rows.first?.makeRandomAccess() else {
            throw StoreError.backend.with(message: "stepwise_commit returned no row")
        }
        return try row.int("version")
    }

    enum Commit: StatementText {
        static let sql = commitQuery(ExecutionCommit(executionArn: "", expectedVersion: 0, date: Date(timeIntervalSince1970: 0))).sql
    }

    static func commitQuery(_ commit: ExecutionCommit) -> PostgresQuery {
        """
            SELECT stepwise_commit(
                \(commit.executionArn), \(Int32(ExecutionShards.shard(of: commit.executionArn))), \(commit.expectedVersion), \(commit.fence?.name), \(commit.fence?.fencingToken),
                \(commit.date.milliseconds), \(commit.status.rawValue), \(commit.output), \(commit.error),
                \(commit.cause), \(commit.stopDate.milliseconds), \(commit.snapshot.byteBuffer),
                \(commit.deleteTimerIds), \(commit.processedResultKeys),
                \(records: commit.events, commit.addTimers, commit.outbox)) AS version
            """
    }
}
