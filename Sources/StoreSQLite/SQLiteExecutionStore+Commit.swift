import Foundation
public import Store

extension SQLiteExecutionStore {
    @discardableResult
    public func commit(_ commit: ExecutionCommit) async throws -> Int64 {
        try await writer.write { database in try Self.apply(commit, database) }
    }

    /// The changes go to the writer together: they share a transaction, and the caller one wait.
    public func commit(each commits: [ExecutionCommit]) async -> [Result<Int64, StoreError>] {
        await writer.writeEach(commits.map { commit in { database in try Self.apply(commit, database) } })
    }

    /// The body of ``commit(_:)``, run inside the writer's transaction.
    private static func apply(_ commit: ExecutionCommit, _ database: SQLiteDatabase) throws -> Int64 {
        let rows = try database.rows(
            """
            SELECT account, status, version, (SELECT max(last_id) FROM history_batches WHERE execution_arn = ?1) AS last_event_id
            FROM executions WHERE arn = ?1
            """, [.text(commit.executionArn)])
        guard let row = rows.first else {
            throw StoreError.notFound.with(message: "execution \(commit.executionArn) does not exist")
        }
        let version = try row.int("version")
        guard version == commit.expectedVersion else {
            throw StoreError.versionConflict.with(
                message: "execution \(commit.executionArn) is at version \(version), not \(commit.expectedVersion)")
        }
        if let fence = commit.fence {
            try checkFence(fence, at: commit.date, database)
        }
        let previous = ExecutionRecord.Status(rawValue: try row.string("status"))
        if previous?.isTerminal == true && commit.status == .running {
            throw StoreError.invalidTransition.with(message: "execution \(commit.executionArn) has already stopped")
        }
        let updated = try database.rows(
            """
            UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?, snapshot = ?,
                version = version + 1
            WHERE arn = ? AND version = ? RETURNING version
            """,
            [.text(commit.status.rawValue), SQLiteValue(commit.output), SQLiteValue(commit.error),
             SQLiteValue(commit.cause), SQLiteValue(commit.stopDate), SQLiteValue(bytes: commit.snapshot),
             .text(commit.executionArn), SQLiteValue(version)])
        // Cannot happen with the single writer; kept so a slot can never be freed twice.
        guard !updated.isEmpty else {
            throw StoreError.versionConflict.with(message: "execution \(commit.executionArn) changed concurrently")
        }
        if let first = commit.events.first?.id, let newest = try? row.int("last_event_id"), first <= newest {
            throw StoreError.alreadyExists.with(message: "history event \(first) of \(commit.executionArn) already exists")
        }
        try insert(events: commit.events, executionArn: commit.executionArn, database)
        try database.execute("DELETE FROM timers WHERE id", in: commit.deleteTimerIds.map { .text($0) })
        if commit.status.isTerminal {
            try database.execute("DELETE FROM timers WHERE execution_arn = ?", [.text(commit.executionArn)])
        }
        try insert(timers: commit.addTimers, database)
        try insert(outbox: commit.outbox, database)
        try insert(processedResultKeys: commit.processedResultKeys, executionArn: commit.executionArn, database)
        if previous == .running && commit.status.isTerminal {
            try database.execute(
                "UPDATE open_executions SET open_count = open_count - 1 WHERE account = ? AND open_count > 0",
                [.text(try row.string("account"))])
        }
        return version + 1
    }

    static func checkFence(_ fence: LeaseFence, at date: Date, _ database: SQLiteDatabase) throws {
        let lease = try database.rows(
            "SELECT fencing_token, expires_at FROM leases WHERE name = ?", [.text(fence.name)]
        ).first
        guard let lease, try lease.int("fencing_token") == fence.fencingToken, try lease.date("expires_at") > date else {
            throw StoreError.fencingConflict.with(message: "lease \(fence.name) is no longer held with token \(fence.fencingToken)")
        }
    }

    // The record inserts below are `OR FAIL`: a multi-row `INSERT` that may abort keeps a statement
    // journal (a copy of every page it touches that the transaction had already changed), and these
    // never need one: any failure rolls back the whole change (its savepoint or the transaction).

    /// Appends a commit's events as one batch row. Their ids must increase (a repeated one is refused
    /// as `alreadyExists`, as PostgreSQL's primary key refuses it); the caller checks that the first
    /// comes after every id the history already has.
    static func insert(events: [HistoryEvent], executionArn: String, _ database: SQLiteDatabase) throws {
        guard let first = events.first, let last = events.last else { return }
        guard zip(events, events.dropFirst()).allSatisfy({ $0.id < $1.id }) else {
            throw StoreError.alreadyExists.with(message: "history event ids of \(executionArn) repeat or go back")
        }
        try database.execute(
            "INSERT OR FAIL INTO history_batches (execution_arn, first_id, last_id, events) VALUES (?, ?, ?, ?)",
            [.text(executionArn), SQLiteValue(first.id), SQLiteValue(last.id), .text(HistoryBatch.encode(events))])
    }

    /// Records result keys; one already recorded (or repeated in `keys`) is `resultAlreadyProcessed`.
    /// A plain insert that fails on the key (the rare case) is cheaper than one that returns what it
    /// inserted. Unlike the record inserts it aborts (undoes its own rows), so that the key at fault
    /// can be found afterwards.
    static func insert(processedResultKeys keys: [String], executionArn: String, _ database: SQLiteDatabase) throws {
        do {
            try database.insert("INSERT INTO processed_results (execution_arn, result_key)",
                                rows: keys.map { [.text(executionArn), .text($0)] })
        } catch let error as SQLiteError where error.isUniqueViolation {
            var seen = Set<String>()
            let key = try keys.first { !seen.insert($0).inserted } ?? keys.first { key in
                try !database.rows("SELECT 1 FROM processed_results WHERE execution_arn = ? AND result_key = ?",
                                   [.text(executionArn), .text(key)]).isEmpty
            } ?? ""
            throw StoreError.resultAlreadyProcessed.with(message: "result \(key) was already processed")
        }
    }

    static func insert(timers: [TimerRecord], _ database: SQLiteDatabase) throws {
        try database.insert(
            "INSERT OR FAIL INTO timers (id, execution_arn, due_date, payload, shard)",
            rows: timers.map {
                [.text($0.id), .text($0.executionArn), SQLiteValue($0.dueDate), .text($0.payload),
                 SQLiteValue(ExecutionShards.shard(of: $0.executionArn))]
            })
    }

    static func insert(outbox: [OutboxMessage], _ database: SQLiteDatabase) throws {
        try database.insert(
            "INSERT OR FAIL INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date, shard)",
            rows: outbox.map { message in
                [.text(message.executionArn), .text(message.exchange), .text(message.routingKey),
                 SQLiteValue(bytes: message.body), .text(message.headers), SQLiteValue(message.createdDate),
                 SQLiteValue(ExecutionShards.shard(of: message.executionArn))]
            })
    }
}
