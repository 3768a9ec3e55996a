import Foundation
import PostgresNIO
import Store

extension PostgresExecutionStore {
    @discardableResult
    public func commit(_ commit: ExecutionCommit) async throws -> Int64 {
        let arn = commit.executionArn
        return try await transaction { connection in
            let rows = try await connection.rows(
                "SELECT account, status, version FROM executions WHERE arn = \(arn) FOR UPDATE", logger: self.logger)
            guard let row = rows.first?.makeRandomAccess() else {
                throw StoreError.notFound.with(message: "execution \(arn) does not exist")
            }
            let version = try row.int("version")
            guard version == commit.expectedVersion else {
                throw StoreError.versionConflict.with(
                    message: "execution \(arn) is at version \(version), not \(commit.expectedVersion)")
            }
            if let fence = commit.fence {
                try await self.checkFence(fence, at: commit.date, connection)
            }
            let previous = ExecutionRecord.Status(rawValue: try row.string("status"))
            if previous?.isTerminal == true && commit.status == .running {
                throw StoreError.invalidTransition.with(message: "execution \(arn) has already stopped")
            }
            let updated = try await connection.rows(
                """
                UPDATE executions SET status = \(commit.status.rawValue), output = \(commit.output),
                    error = \(commit.error), cause = \(commit.cause), stop_date = \(commit.stopDate.epochMilliseconds),
                    snapshot = \(commit.snapshot.byteBuffer), version = version + 1
                WHERE arn = \(arn) AND version = \(version) RETURNING version
                """, logger: self.logger)
            // Cannot happen under the row lock; kept so a lost lock can never free a slot twice.
            guard !updated.isEmpty else { throw StoreError.versionConflict.with(message: "execution \(arn) changed concurrently") }
            try await self.insert(events: commit.events, executionArn: arn, connection)
            if !commit.deleteTimerIds.isEmpty {
                try await connection.rows("DELETE FROM timers WHERE id = ANY(\(commit.deleteTimerIds))", logger: self.logger)
            }
            if commit.status.isTerminal {
                try await connection.rows("DELETE FROM timers WHERE execution_arn = \(arn)", logger: self.logger)
            }
            try await self.insert(timers: commit.addTimers, connection)
            try await self.insert(outbox: commit.outbox, connection)
            for key in commit.processedResultKeys {
                let inserted = try await connection.rows(
                    """
                    INSERT INTO processed_results (execution_arn, result_key) VALUES (\(arn), \(key))
                    ON CONFLICT DO NOTHING RETURNING result_key
                    """, logger: self.logger)
                if inserted.isEmpty {
                    throw StoreError.resultAlreadyProcessed.with(message: "result \(key) was already processed")
                }
            }
            if previous == .running && commit.status.isTerminal {
                let account = try row.string("account")
                try await connection.rows(
                    "UPDATE open_executions SET open_count = open_count - 1 WHERE account = \(account) AND open_count > 0",
                    logger: self.logger)
            }
            return version + 1
        }
    }

    /// Checks the fence under a share lock, so a takeover waits until this commit has finished.
    func checkFence(_ fence: LeaseFence, at date: Date, _ connection: PostgresConnection) async throws {
        let rows = try await connection.rows(
            "SELECT fencing_token, expires_at FROM leases WHERE name = \(fence.name) FOR SHARE", logger: logger)
        let lease = rows.first?.makeRandomAccess()
        guard let lease, try lease.int("fencing_token") == fence.fencingToken, try lease.date("expires_at") > date else {
            throw StoreError.fencingConflict.with(message: "lease \(fence.name) is no longer held with token \(fence.fencingToken)")
        }
    }

    func insert(events: [HistoryEvent], executionArn: String, _ connection: PostgresConnection) async throws {
        for event in events {
            try await connection.rows(
                """
                INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details)
                VALUES (\(executionArn), \(event.id), \(event.previousEventId), \(event.timestamp.epochMilliseconds),
                        \(event.type), \(event.details))
                """, logger: logger)
        }
    }

    func insert(timers: [TimerRecord], _ connection: PostgresConnection) async throws {
        for timer in timers {
            try await connection.rows(
                """
                INSERT INTO timers (id, execution_arn, due_date, payload)
                VALUES (\(timer.id), \(timer.executionArn), \(timer.dueDate.epochMilliseconds), \(timer.payload))
                """, logger: logger)
        }
    }

    func insert(outbox: [OutboxMessage], _ connection: PostgresConnection) async throws {
        for message in outbox {
            try await connection.rows(
                """
                INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date)
                VALUES (\(message.executionArn), \(message.exchange), \(message.routingKey), \(message.body.byteBuffer),
                        \(message.headers), \(message.createdDate.epochMilliseconds))
                """, logger: logger)
        }
    }
}
