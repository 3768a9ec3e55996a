import Foundation
import SQLiteNIO
import Store

extension SQLiteExecutionStore {
    @discardableResult
    public func commit(_ commit: ExecutionCommit) async throws -> Int64 {
        try await writer.grouped { connection in
            let rows = try await connection.rows(
                "SELECT account, status, version FROM executions WHERE arn = ?", [.text(commit.executionArn)])
            guard let row = rows.first else {
                throw StoreError.notFound.with(message: "execution \(commit.executionArn) does not exist")
            }
            let version = try row.int("version")
            guard version == commit.expectedVersion else {
                throw StoreError.versionConflict.with(
                    message: "execution \(commit.executionArn) is at version \(version), not \(commit.expectedVersion)")
            }
            if let fence = commit.fence {
                try await Self.checkFence(fence, at: commit.date, connection)
            }
            let previous = ExecutionRecord.Status(rawValue: try row.string("status"))
            if previous?.isTerminal == true && commit.status == .running {
                throw StoreError.invalidTransition.with(message: "execution \(commit.executionArn) has already stopped")
            }
            let updated = try await connection.rows(
                """
                UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?, snapshot = ?,
                    version = version + 1
                WHERE arn = ? AND version = ? RETURNING version
                """,
                [.text(commit.status.rawValue), SQLiteData(commit.output), SQLiteData(commit.error),
                 SQLiteData(commit.cause), SQLiteData(commit.stopDate), SQLiteData(bytes: commit.snapshot),
                 .text(commit.executionArn), SQLiteData(version)])
            // Cannot happen with the single writer; kept so a slot can never be freed twice.
            guard !updated.isEmpty else {
                throw StoreError.versionConflict.with(message: "execution \(commit.executionArn) changed concurrently")
            }
            try await Self.insert(events: commit.events, executionArn: commit.executionArn, connection)
            for id in commit.deleteTimerIds {
                try await connection.execute("DELETE FROM timers WHERE id = ?", [.text(id)])
            }
            if commit.status.isTerminal {
                try await connection.execute("DELETE FROM timers WHERE execution_arn = ?", [.text(commit.executionArn)])
            }
            try await Self.insert(timers: commit.addTimers, connection)
            try await Self.insert(outbox: commit.outbox, connection)
            for key in commit.processedResultKeys {
                let inserted = try await connection.rows(
                    "INSERT INTO processed_results (execution_arn, result_key) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING result_key",
                    [.text(commit.executionArn), .text(key)])
                if inserted.isEmpty {
                    throw StoreError.resultAlreadyProcessed.with(message: "result \(key) was already processed")
                }
            }
            if previous == .running && commit.status.isTerminal {
                try await connection.execute(
                    "UPDATE open_executions SET open_count = open_count - 1 WHERE account = ? AND open_count > 0",
                    [.text(try row.string("account"))])
            }
            return version + 1
        }
    }

    static func checkFence(_ fence: LeaseFence, at date: Date, _ connection: SQLiteConnection) async throws {
        let lease = try await connection.rows(
            "SELECT fencing_token, expires_at FROM leases WHERE name = ?", [.text(fence.name)]
        ).first
        guard let lease, try lease.int("fencing_token") == fence.fencingToken, try lease.date("expires_at") > date else {
            throw StoreError.fencingConflict.with(message: "lease \(fence.name) is no longer held with token \(fence.fencingToken)")
        }
    }

    static func insert(events: [HistoryEvent], executionArn: String, _ connection: SQLiteConnection) async throws {
        for event in events {
            try await connection.execute(
                """
                INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [.text(executionArn), SQLiteData(event.id), SQLiteData(event.previousEventId),
                 SQLiteData(event.timestamp), .text(event.type), .text(event.details)])
        }
    }

    static func insert(timers: [TimerRecord], _ connection: SQLiteConnection) async throws {
        for timer in timers {
            try await connection.execute(
                "INSERT INTO timers (id, execution_arn, due_date, payload) VALUES (?, ?, ?, ?)",
                [.text(timer.id), .text(timer.executionArn), SQLiteData(timer.dueDate), .text(timer.payload)])
        }
    }

    static func insert(outbox: [OutboxMessage], _ connection: SQLiteConnection) async throws {
        for message in outbox {
            try await connection.execute(
                """
                INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [.text(message.executionArn), .text(message.exchange), .text(message.routingKey),
                 SQLiteData(bytes: message.body), .text(message.headers), SQLiteData(message.createdDate)])
        }
    }
}
