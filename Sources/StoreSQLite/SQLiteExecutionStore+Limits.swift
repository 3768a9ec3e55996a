public import Foundation
public import Store

/// Limits per state machine and per tree (``ExecutionLimits``): the single writer serialises every
/// create, start and count, so each scope's count is exact.
extension SQLiteExecutionStore {
    public func createExecution(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits,
                                detail: String) async throws -> LimitedStart {
        // As createExecution(_:quota:): a bucket token stays taken when the create is refused.
        let outcome: Result<LimitedStart, StoreError> = try await writer.write { database in
            if let bucket = quota.bucket {
                try Self.takeToken(account: start.execution.account, bucket: bucket, now: start.execution.startDate, database)
            }
            try database.execute("SAVEPOINT limited_create")
            do {
                let outcome = try Self.createLimited(start, quota: quota, limits: limits, detail: detail, database)
                try database.execute("RELEASE limited_create")
                return .success(outcome)
            } catch let error as StoreError {
                try database.execute("ROLLBACK TO limited_create")
                try database.execute("RELEASE limited_create")
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private static func createLimited(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits,
                                      detail: String, _ database: SQLiteDatabase) throws -> LimitedStart {
        var full: [(ExecutionLimits.Scope, Int)] = []
        var waiting = false
        for scope in limits.scopes {
            let open = try openCount(scope.name, database)
            if open >= scope.maxOpen { full.append((scope, open)) }
            if scope.queues, try !database.rows("SELECT 1 AS found FROM pending_starts WHERE scope = ? LIMIT 1", [.text(scope.name)]).isEmpty {
                waiting = true
            }
        }
        if full.isEmpty && !waiting {
            try create(start, quota: quota, database)
            if start.execution.status == .running { try count(start.execution.arn, in: limits, database) }
            return .started
        }
        if let (scope, open) = full.first(where: { !$0.0.queues }) {
            throw StoreError.limitExceeded.with(message: ExecutionLimits.refusal(scope, open: open))
        }
        let row = start.execution.queued()
        try insertRow(row, database)
        let sequence = try database.rows("SELECT coalesce(max(seq), 0) + 1 AS next FROM pending_starts").first?.int("next") ?? 1
        try database.insert("INSERT OR FAIL INTO pending_starts (scope, seq, arn, detail)", rows: limits.scopes.map {
            [.text($0.name), SQLiteValue(sequence), .text(row.arn), .text(detail)]
        })
        return .queued
    }

    public func startPending(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits) async throws -> LimitedStart {
        try await writer.write { database in
            let execution = start.execution
            let status = try database.rows("SELECT status FROM executions WHERE arn = ?", [.text(execution.arn)]).first
            guard try status?.string("status") == ExecutionRecord.Status.pending.rawValue else { return .gone }
            for scope in limits.scopes where try Self.openCount(scope.name, database) >= scope.maxOpen {
                return .blocked(scope.name)
            }
            if execution.status == .running {
                do {
                    try Self.takeSlot(account: execution.account, quota: quota, database)
                } catch let error as StoreError where error == .limitExceeded {
                    return .blocked("account")
                }
            }
            try database.execute(
                """
                UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?, snapshot = ?, version = ?
                WHERE arn = ?
                """,
                [.text(execution.status.rawValue), SQLiteValue(execution.output), SQLiteValue(execution.error),
                 SQLiteValue(execution.cause), SQLiteValue(execution.stopDate), SQLiteValue(bytes: execution.snapshot),
                 SQLiteValue(execution.version), .text(execution.arn)])
            try Self.insert(events: start.events, executionArn: execution.arn, database)
            try Self.insert(timers: start.timers, database)
            try Self.insert(outbox: start.outbox, database)
            try database.execute("DELETE FROM pending_starts WHERE arn = ?", [.text(execution.arn)])
            if execution.status == .running { try Self.count(execution.arn, in: limits, database) }
            return .started
        }
    }

    public func pendingStarts(scope: String, limit: Int) async throws -> [PendingStart] {
        try await read(
            """
            SELECT \(Self.executionColumns), seq, detail FROM executions
            JOIN (SELECT arn AS pending_arn, seq, detail FROM pending_starts WHERE scope = ? ORDER BY seq LIMIT ?) AS p
              ON executions.arn = p.pending_arn
            ORDER BY seq
            """,
            [.text(scope), SQLiteValue(limit)]
        ).map { row in
            PendingStart(execution: try Self.execution(row), sequence: try row.int("seq"), detail: try row.string("detail"))
        }
    }

    public func pendingScopes(limit: Int) async throws -> [String] {
        try await read("SELECT DISTINCT scope FROM pending_starts LIMIT ?", [SQLiteValue(limit)]).map { try $0.string("scope") }
    }

    public func abortPending(arn: String, event: HistoryEvent, error: String?, cause: String?, stopDate: Date) async throws -> Bool {
        try await writer.write { database in
            let updated = try database.rows(
                """
                UPDATE executions SET status = 'ABORTED', error = ?, cause = ?, stop_date = ?, version = version + 1
                WHERE arn = ? AND status = 'PENDING' RETURNING version
                """,
                [SQLiteValue(error), SQLiteValue(cause), SQLiteValue(stopDate), .text(arn)])
            guard !updated.isEmpty else { return false }
            try Self.insert(events: [event], executionArn: arn, database)
            try database.execute("DELETE FROM pending_starts WHERE arn = ?", [.text(arn)])
            return true
        }
    }

    public func countRunning(stateMachineArn: String, in scope: String) async throws {
        try await writer.write { database in
            try database.execute(
                "INSERT OR IGNORE INTO scope_open (scope, arn) SELECT ?, arn FROM executions WHERE state_machine_arn = ? AND status = 'RUNNING'",
                [.text(scope), .text(stateMachineArn)])
        }
    }

    public func scopeCounts(_ scopes: [String]) async throws -> [ScopeCount] {
        var counts: [ScopeCount] = []
        for scope in scopes {
            let row = try await read(
                """
                SELECT (SELECT count(*) FROM scope_open s JOIN executions e ON e.arn = s.arn
                        WHERE s.scope = ?1 AND e.status = 'RUNNING') AS open,
                       (SELECT count(*) FROM pending_starts WHERE scope = ?1) AS pending
                """, [.text(scope)]).first
            counts.append(ScopeCount(open: Int(try row?.int("open") ?? 0), pending: Int(try row?.int("pending") ?? 0)))
        }
        return counts
    }

    /// The scope's open executions, after dropping the rows of those that have ended.
    private static func openCount(_ scope: String, _ database: SQLiteDatabase) throws -> Int {
        try database.execute(
            """
            DELETE FROM scope_open WHERE scope = ?1
              AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.arn = scope_open.arn AND e.status = 'RUNNING')
            """, [.text(scope)])
        return Int(try database.rows("SELECT count(*) AS n FROM scope_open WHERE scope = ?", [.text(scope)]).first?.int("n") ?? 0)
    }

    private static func count(_ arn: String, in limits: ExecutionLimits, _ database: SQLiteDatabase) throws {
        try database.insert("INSERT OR IGNORE INTO scope_open (scope, arn)", rows: limits.scopes.map { [.text($0.name), .text(arn)] })
    }
}
