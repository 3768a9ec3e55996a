public import Foundation
import PostgresNIO
public import Store

/// History, timers and the outbox: the append-only and queue-like tables.
extension PostgresExecutionStore {
    public func history(_ query: HistoryQuery) async throws -> [HistoryEvent] {
        guard query.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let sql = query.reverse
            ? "SELECT * FROM history_events WHERE execution_arn = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
            : "SELECT * FROM history_events WHERE execution_arn = $1 AND id > $2 ORDER BY id LIMIT $3"
        let after = query.after ?? (query.reverse ? Int64.max : 0)
        let rows = try await execute(PostgresQuery(unsafeSQL: sql, binds: binds(query.executionArn, after, query.limit)))
        return try rows.map { postgresRow in
            let row = postgresRow.makeRandomAccess()
            return HistoryEvent(
                id: try row.int("id"), previousEventId: try row.int("previous_event_id"),
                timestamp: try row.date("timestamp"), type: try row.string("type"), details: try row.string("details"))
        }
    }

    public func dueTimers(shards: [Int], before date: Date, limit: Int) async throws -> [TimerRecord] {
        guard limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        guard !shards.isEmpty else { return [] }
        return try await execute(
            """
            SELECT * FROM timers WHERE shard = ANY(\(shards.map(Int32.init))) AND due_date < \(date.milliseconds)
            ORDER BY due_date, id LIMIT \(limit)
            """
        ).map(Self.timer)
    }

    public func timers(executionArn: String) async throws -> [TimerRecord] {
        try await execute("SELECT * FROM timers WHERE execution_arn = \(executionArn) ORDER BY due_date, id").map(Self.timer)
    }

    public func pendingOutbox(shards: [Int], limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        guard !shards.isEmpty else { return [] }
        return try await execute(
            "SELECT * FROM outbox WHERE shard = ANY(\(shards.map(Int32.init))) ORDER BY id LIMIT \(limit)"
        ).map { postgresRow in
            let row = postgresRow.makeRandomAccess()
            return OutboxEntry(
                id: try row.int("id"),
                message: OutboxMessage(
                    executionArn: try row.string("execution_arn"), exchange: try row.string("exchange"),
                    routingKey: try row.string("routing_key"), body: try row.bytes("body"),
                    headers: try row.string("headers"), createdDate: try row.date("created_date")))
        }
    }

    public func deleteOutbox(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await execute("DELETE FROM outbox WHERE id = ANY(\(ids))")
    }

    static func timer(_ row: PostgresRow) throws -> TimerRecord { try TimerRecord(row: row.makeRandomAccess()) }
}
