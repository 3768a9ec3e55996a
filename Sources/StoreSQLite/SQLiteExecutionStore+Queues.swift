public import Foundation
public import Store

/// History, timers and the outbox: the append-only and queue-like tables.
extension SQLiteExecutionStore {
    public func history(_ query: HistoryQuery) async throws -> [HistoryEvent] {
        guard query.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        // Every batch these select holds at least one wanted event, so `limit` batches are enough.
        let sql = query.reverse
            ? "SELECT events FROM history_batches WHERE execution_arn = ? AND first_id < ? ORDER BY last_id DESC LIMIT ?"
            : "SELECT events FROM history_batches WHERE execution_arn = ? AND last_id > ? ORDER BY last_id LIMIT ?"
        let after = query.after ?? (query.reverse ? Int64.max : 0)
        var events: [HistoryEvent] = []
        for row in try await read(sql, [.text(query.executionArn), SQLiteValue(after), SQLiteValue(query.limit)]) {
            let batch = try HistoryBatch.decode(try row.string("events"))
            events += query.reverse ? batch.reversed().filter { $0.id < after } : batch.filter { $0.id > after }
            if events.count >= query.limit { break }
        }
        return Array(events.prefix(query.limit))
    }

    public func dueTimers(shards: [Int], before date: Date, limit: Int) async throws -> [TimerRecord] {
        guard limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        guard !shards.isEmpty else { return [] }
        return try await read(
            "SELECT * FROM timers WHERE shard IN (\(Self.placeholders(shards.count))) AND due_date < ? ORDER BY due_date, id LIMIT ?",
            shards.map { SQLiteValue($0) } + [SQLiteValue(date), SQLiteValue(limit)]
        ).map(Self.timer)
    }

    public func timers(executionArn: String) async throws -> [TimerRecord] {
        try await read(
            "SELECT * FROM timers WHERE execution_arn = ? ORDER BY due_date, id", [.text(executionArn)]
        ).map(Self.timer)
    }

    public func pendingOutbox(shards: [Int], limit: Int) async throws -> [OutboxEntry] {
        guard limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        guard !shards.isEmpty else { return [] }
        return try await read(
            "SELECT * FROM outbox WHERE shard IN (\(Self.placeholders(shards.count))) ORDER BY id LIMIT ?",
            shards.map { SQLiteValue($0) } + [SQLiteValue(limit)]
        ).map { row in
            OutboxEntry(
                id: try row.int("id"),
                message: OutboxMessage(
                    executionArn: try row.string("execution_arn"), exchange: try row.string("exchange"),
                    routingKey: try row.string("routing_key"), body: try row.bytes("body"),
                    headers: try row.string("headers"), createdDate: try row.date("created_date")))
        }
    }

    public func deleteOutbox(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await writer.write { database in
            try database.execute("DELETE FROM outbox WHERE id", in: ids.map { .integer($0) })
        }
    }

    static func timer(_ row: SQLiteRow) throws -> TimerRecord { try TimerRecord(row: row) }

    /// `?, ?, …`: `count` bind markers for an `IN` list.
    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
