public import Foundation
import PostgresNIO
public import Store

/// Limits per state machine and per tree (``ExecutionLimits``, migration 8). Each call is one
/// transaction that first takes an advisory lock per scope, in name order (a create has at most two
/// scopes), so a scope's creators and starters are serialised and its count is exact.
extension PostgresExecutionStore {
    public func createExecution(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits,
                                detail: String) async throws -> LimitedStart {
        let execution = start.execution
        let outcome: Result<LimitedStart, StoreError> = try await transaction { connection in
            try await self.lock(limits, connection)
            if let bucket = quota.bucket {
                let taken = try await connection.rows("""
                    SELECT stepwise_take_token(\(execution.account), \(Double(bucket.capacity)), \(bucket.refillPerSecond),
                                               \(execution.startDate.milliseconds)) AS taken
                    """, logger: self.logger)
                guard try taken.first?.decode(Bool.self) == true else {
                    throw StoreError.throttled.with(message: "account \(execution.account) has used its StartExecution bucket")
                }
            }
            // A refusal keeps the bucket's token (as createExecution(_:quota:) does).
            try await connection.rows("SAVEPOINT limited_create", logger: self.logger)
            do {
                let outcome = try await self.createLimited(start, quota: quota, limits: limits, detail: detail, connection)
                try await connection.rows("RELEASE limited_create", logger: self.logger)
                return .success(outcome)
            } catch {
                try await connection.rows("ROLLBACK TO limited_create", logger: self.logger)
                return .failure(Self.storeError(error) as? StoreError ?? StoreError.backend.with(message: "\(error)"))
            }
        }
        switch outcome {
        case .success(let started): return started
        case .failure(let error) where error == .alreadyExists: throw try await alreadyExists(execution)
        case .failure(let error): throw error
        }
    }

    private func createLimited(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits, detail: String,
                               _ connection: PostgresConnection) async throws -> LimitedStart {
        let e = start.execution
        var full: [(ExecutionLimits.Scope, Int)] = []
        var waiting = false
        for scope in limits.scopes {
            let open = try await openCount(scope.name, connection)
            if open >= scope.maxOpen { full.append((scope, open)) }
            if scope.queues, try await !connection.rows(
                "SELECT 1 AS found FROM pending_starts WHERE scope = \(scope.name) LIMIT 1", logger: logger).isEmpty {
                waiting = true
            }
        }
        if full.isEmpty && !waiting {
            let created = try await connection.rows("""
                SELECT stepwise_create_execution(
                    \(e.arn), \(e.account), \(e.stateMachineArn), \(e.stateMachineRevisionId), \(e.name), \(e.status.rawValue),
                    \(e.input), \(e.output), \(e.error), \(e.cause), \(e.startDate.milliseconds), \(e.stopDate?.milliseconds),
                    \(e.parentArn), \(e.rootArn), \(e.version), \(e.snapshot.byteBuffer), \(Int32(ExecutionShards.shard(of: e.arn))),
                    \(Int64(quota.effectiveLimit)), \(records: start.events, start.timers, start.outbox)) AS created
                """, logger: logger)
            guard try created.first?.decode(Bool.self) == true else { throw StoreError.alreadyExists }
            if e.status == .running { try await count(e.arn, in: limits, connection) }
            return .started
        }
        if let (scope, open) = full.first(where: { !$0.0.queues }) {
            throw StoreError.limitExceeded.with(message: ExecutionLimits.refusal(scope, open: open))
        }
        let inserted = try await connection.rows("""
            INSERT INTO executions (arn, account, state_machine_arn, revision_id, name, status, input, start_date,
                                    parent_arn, root_arn, version, snapshot)
            VALUES (\(e.arn), \(e.account), \(e.stateMachineArn), \(e.stateMachineRevisionId), \(e.name), 'PENDING', \(e.input),
                    \(e.startDate.milliseconds), \(e.parentArn), \(e.rootArn), 1, '\\x'::bytea)
            ON CONFLICT DO NOTHING RETURNING arn
            """, logger: logger)
        guard !inserted.isEmpty else { throw StoreError.alreadyExists }
        try await connection.rows("""
            INSERT INTO pending_starts (scope, seq, arn, detail)
            SELECT s, nextval('pending_starts_seq'), \(e.arn), \(detail) FROM unnest(\(limits.scopes.map(\.name))::text[]) AS s
            """, logger: logger)
        return .queued
    }

    public func startPending(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits) async throws -> LimitedStart {
        let e = start.execution
        do {
            return try await transaction { connection in
                try await self.lock(limits, connection)
                let status = try await connection.rows(
                    "SELECT status FROM executions WHERE arn = \(e.arn) FOR UPDATE", logger: self.logger)
                guard try status.first?.decode(String.self) == ExecutionRecord.Status.pending.rawValue else { return .gone }
                for scope in limits.scopes where try await self.openCount(scope.name, connection) >= scope.maxOpen {
                    return .blocked(scope.name)
                }
                if e.status == .running {
                    try await connection.rows(
                        "INSERT INTO open_executions (account, open_count) VALUES (\(e.account), 0) ON CONFLICT DO NOTHING",
                        logger: self.logger)
                    let open = try await connection.rows("""
                        UPDATE open_executions SET open_count = open_count + 1 WHERE account = \(e.account)
                        RETURNING open_count - coalesce((SELECT sum(closed) FROM execution_closes WHERE account = \(e.account)), 0)::BIGINT AS open
                        """, logger: self.logger)
                    // Over the account's limit: rolled back (the error is caught below).
                    guard let now = try open.first?.decode(Int64.self), now <= Int64(quota.effectiveLimit) else {
                        throw StoreError.limitExceeded.with(message: "account")
                    }
                }
                try await connection.rows("""
                    UPDATE executions SET status = \(e.status.rawValue), output = \(e.output), error = \(e.error), cause = \(e.cause),
                        stop_date = \(e.stopDate?.milliseconds), snapshot = \(e.snapshot.byteBuffer), version = \(e.version)
                    WHERE arn = \(e.arn)
                    """, logger: self.logger)
                try await connection.rows(
                    "SELECT stepwise_insert_records(\(e.arn), \(records: start.events, start.timers, start.outbox))", logger: self.logger)
                try await connection.rows("DELETE FROM pending_starts WHERE arn = \(e.arn)", logger: self.logger)
                if e.status == .running { try await self.count(e.arn, in: limits, connection) }
                return .started
            }
        } catch let error as StoreError where error == .limitExceeded && error.message == "account" {
            return .blocked("account")
        }
    }

    public func pendingStarts(scope: String, limit: Int) async throws -> [PendingStart] {
        try await execute("""
            SELECT \(unescaped: Self.executionColumns), p.seq, p.detail FROM executions
            JOIN (SELECT arn AS pending_arn, seq, detail FROM pending_starts WHERE scope = \(scope) ORDER BY seq LIMIT \(limit)) AS p
              ON executions.arn = p.pending_arn
            ORDER BY p.seq
            """).map { row in
            let columns = row.makeRandomAccess()
            return PendingStart(execution: try Self.execution(row), sequence: try columns["seq"].decode(Int64.self),
                                detail: try columns["detail"].decode(String.self))
        }
    }

    public func pendingScopes(limit: Int) async throws -> [String] {
        try await execute("SELECT DISTINCT scope FROM pending_starts LIMIT \(limit)").map { try $0.decode(String.self) }
    }

    public func abortPending(arn: String, event: HistoryEvent, error: String?, cause: String?, stopDate: Date) async throws -> Bool {
        try await transaction { connection in
            let updated = try await connection.rows("""
                UPDATE executions SET status = 'ABORTED', error = \(error), cause = \(cause), stop_date = \(stopDate.milliseconds),
                    version = version + 1
                WHERE arn = \(arn) AND status = 'PENDING' RETURNING version
                """, logger: self.logger)
            guard !updated.isEmpty else { return false }
            try await connection.rows(
                "SELECT stepwise_insert_records(\(arn), \(records: [event], [], []))", logger: self.logger)
            try await connection.rows("DELETE FROM pending_starts WHERE arn = \(arn)", logger: self.logger)
            return true
        }
    }

    public func countRunning(stateMachineArn: String, in scope: String) async throws {
        try await execute("""
            INSERT INTO scope_open (scope, arn)
            SELECT \(scope), arn FROM executions WHERE state_machine_arn = \(stateMachineArn) AND status = 'RUNNING'
            ON CONFLICT DO NOTHING
            """)
    }

    public func scopeCounts(_ scopes: [String]) async throws -> [ScopeCount] {
        let rows = try await execute("""
            SELECT (SELECT count(*) FROM scope_open o JOIN executions e ON e.arn = o.arn
                    WHERE o.scope = s.scope AND e.status = 'RUNNING') AS open,
                   (SELECT count(*) FROM pending_starts p WHERE p.scope = s.scope) AS pending
            FROM unnest(\(scopes)::text[]) WITH ORDINALITY AS s (scope, n) ORDER BY s.n
            """)
        return try rows.map { row in
            let (open, pending) = try row.decode((Int64, Int64).self)
            return ScopeCount(open: Int(open), pending: Int(pending))
        }
    }

    /// One advisory lock per scope, in name order, held until the transaction ends.
    private func lock(_ limits: ExecutionLimits, _ connection: PostgresConnection) async throws {
        for scope in limits.scopes {
            try await connection.rows("SELECT pg_advisory_xact_lock(hashtextextended(\(scope.name), 0))", logger: logger)
        }
    }

    /// The scope's open executions, after dropping the rows of those that have ended.
    private func openCount(_ scope: String, _ connection: PostgresConnection) async throws -> Int {
        try await connection.rows("""
            DELETE FROM scope_open o WHERE o.scope = \(scope)
              AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.arn = o.arn AND e.status = 'RUNNING')
            """, logger: logger)
        let rows = try await connection.rows("SELECT count(*) FROM scope_open WHERE scope = \(scope)", logger: logger)
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    private func count(_ arn: String, in limits: ExecutionLimits, _ connection: PostgresConnection) async throws {
        try await connection.rows("""
            INSERT INTO scope_open (scope, arn) SELECT s, \(arn) FROM unnest(\(limits.scopes.map(\.name))::text[]) AS s
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
