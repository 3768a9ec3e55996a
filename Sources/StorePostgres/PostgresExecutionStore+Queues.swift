public import Foundation
import PostgresNIO
public import Store

/// History, timers and the outbox: the append-only and queue-like tables.
extension PostgresExecutionStore {
    public func history(_ query: HistoryQuery) async throws -> [HistoryEvent] {
        guard query.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        let after = query.after ?? (query.reverse ? Int64.max : 0)
        let rows = query.reverse
            ? try await execute(Prepared<HistoryBackward>(query.executionArn, after, query.limit))
            : try await execute(Prepared<HistoryForward>(query.executionArn, after, query.limit))
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
        return try await execute(Prepared<DueTimers>(shards.map(Int32.init), date.milliseconds, limit)).map(Self.timer)
    }

    public func timers(executionArn: String) async throws -> [TimerRecord] {
        try await execute(Prepared<TimersOfExecution>(executionArn)).map(Self.timer)
    }

    public func pendingOutbox(shards: [Int], limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        guard !shards.isEmpty else { return [] }
        return try await execute(Prepared<PendingOutbox>(shards.map(Int32.init), limit)).map { postgresRow in
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
        try await execute(Prepared<DeleteOutbox>(ids))
    }

    static let historyColumns = "id, previous_event_id, timestamp, type, details"
    static let timerColumns = "id, execution_arn, due_date, payload"

    enum HistoryForward: StatementText {
        static let sql = "SELECT \(historyColumns) FROM history_events WHERE execution_arn = $1 AND id > $2 ORDER BY id LIMIT $3"
    }
    enum HistoryBackward: StatementText {
        static let sql = "SELECT \(historyColumns) FROM history_events WHERE execution_arn = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
    }
    enum DueTimers: StatementText {
        static let sql = "SELECT \(timerColumns) FROM timers WHERE shard = ANY($1) AND due_date < $2 ORDER BY due_date, id LIMIT $3"
    }
    enum TimersOfExecution: StatementText {
        static let sql = "SELECT \(timerColumns) FROM timers WHERE execution_arn = $1 ORDER BY due_date, id"
    }
    enum PendingOutbox: StatementText {
        static let sql = """
            SELECT id, execution_arn, exchange, routing_key, body, headers, created_date FROM outbox
            WHERE shard = ANY($1) ORDER BY id LIMIT $2
            """
    }
    enum DeleteOutbox: StatementText { static let sql = "DELETE FROM outbox WHERE id = ANY($1)" }

    static func timer(_ row: PostgresRow) throws -> TimerRecord { try TimerRecord(row: row.makeRandomAccess()) }
}
