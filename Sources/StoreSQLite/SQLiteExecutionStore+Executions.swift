public import Foundation
public import Store

extension SQLiteExecutionStore {
    static let executionColumns = StoredColumns.execution

    public func createExecution(_ start: ExecutionStart, quota: ExecutionQuota) async throws {
        guard let bucket = quota.bucket else {
            try await writer.write { database in try Self.create(start, quota: quota, database) }
            return
        }
        // The token is taken first and stays taken when the create is refused (AWS counts every
        // StartExecution call against the bucket): the create has a savepoint of its own.
        let refused: StoreError? = try await writer.write { database in
            try Self.takeToken(account: start.execution.account, bucket: bucket, now: start.execution.startDate, database)
            try database.execute("SAVEPOINT create_execution")
            do {
                try Self.create(start, quota: quota, database)
                try database.execute("RELEASE create_execution")
                return nil
            } catch let error as StoreError {
                try database.execute("ROLLBACK TO create_execution")
                try database.execute("RELEASE create_execution")
                return error
            }
        }
        if let refused { throw refused }
    }

    /// The body of ``createExecution(_:quota:)``, run inside the writer's transaction.
    static func create(_ start: ExecutionStart, quota: ExecutionQuota, _ database: SQLiteDatabase) throws {
        let execution = start.execution
        try insertRow(execution, database)
        if execution.status == .running {
            try takeSlot(account: execution.account, quota: quota, database)
        } else {
            try refuseAtLimit(account: execution.account, quota: quota, database)
        }
        try insert(events: start.events, executionArn: execution.arn, database)
        try insert(timers: start.timers, database)
        try insert(outbox: start.outbox, database)
    }

    /// Inserts the execution's row; `alreadyExists` (with the stored one) when the ARN is taken.
    static func insertRow(_ execution: ExecutionRecord, _ database: SQLiteDatabase) throws {
        let inserted = try database.rows(
            """
            INSERT INTO executions (\(executionColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING RETURNING arn
            """,
            [.text(execution.arn), .text(execution.account), .text(execution.stateMachineArn),
             .text(execution.stateMachineRevisionId), .text(execution.name), .text(execution.status.rawValue),
             .text(execution.input), SQLiteValue(execution.output), SQLiteValue(execution.error),
             SQLiteValue(execution.cause), SQLiteValue(execution.startDate), SQLiteValue(execution.stopDate),
             SQLiteValue(execution.parentArn), .text(execution.rootArn), SQLiteValue(execution.version),
             SQLiteValue(bytes: execution.snapshot)])
        if inserted.isEmpty {
            let existing = try database.rows(
                "SELECT \(executionColumns) FROM executions WHERE arn = ?", [.text(execution.arn)])
            guard let row = existing.first else { throw StoreError.alreadyExists }
            throw StoreError.executionAlreadyExists(try Self.execution(row))
        }
    }

    /// Takes one open-execution slot or throws `limitExceeded`; the writer transaction makes it exact.
    static func takeSlot(account: String, quota: ExecutionQuota, _ database: SQLiteDatabase) throws {
        let limit = quota.effectiveLimit
        let taken = limit > 0 ? try database.rows(
            """
            INSERT INTO open_executions (account, open_count) VALUES (?, 1)
            ON CONFLICT (account) DO UPDATE SET open_count = open_count + 1 WHERE open_count < ?
            RETURNING open_count
            """,
            [.text(account), SQLiteValue(limit)]) : []
        if taken.isEmpty {
            throw StoreError.limitExceeded.with(message: "account \(account) has \(limit) open executions")
        }
    }

    /// Takes a token from the account's StartExecution bucket or throws `throttled`.
    static func takeToken(account: String, bucket: StartBucket, now: Date, _ database: SQLiteDatabase) throws {
        let row = try database.rows("SELECT tokens, counted_at FROM open_executions WHERE account = ?", [.text(account)]).first
        let counted = row?.optionalDate("counted_at")
        let tokens = bucket.level(tokens: row?.optionalDouble("tokens"), counted: counted, now: now)
        guard tokens >= 1 else {
            throw StoreError.throttled.with(message: "account \(account) has used its StartExecution bucket")
        }
        try database.execute(
            """
            INSERT INTO open_executions (account, open_count, tokens, counted_at) VALUES (?, 0, ?, ?)
            ON CONFLICT (account) DO UPDATE SET tokens = excluded.tokens, counted_at = excluded.counted_at
            """,
            [.text(account), .real(tokens - 1), SQLiteValue(max(counted ?? now, now))])
    }

    /// An execution that ends as it starts never holds a slot, but AWS refuses any start while the
    /// account is at its limit.
    static func refuseAtLimit(account: String, quota: ExecutionQuota, _ database: SQLiteDatabase) throws {
        let limit = quota.effectiveLimit
        let open = try database.rows("SELECT open_count FROM open_executions WHERE account = ?", [.text(account)])
            .first.map { try $0.int("open_count") } ?? 0
        if open >= Int64(limit) {
            throw StoreError.limitExceeded.with(message: "account \(account) has \(open) open executions")
        }
    }

    public func getExecution(arn: String) async throws -> ExecutionRecord {
        guard let row = try await read("SELECT \(Self.executionColumns) FROM executions WHERE arn = ?", [.text(arn)]).first else {
            throw StoreError.notFound.with(message: "execution \(arn) does not exist")
        }
        return try Self.execution(row)
    }

    public func listExecutions(_ filter: ExecutionFilter, page: PageRequest) async throws -> Page<ExecutionRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        var (sql, binds) = Self.whereClause(filter)
        sql = "SELECT \(Self.executionColumns) FROM executions WHERE " + sql
        if let status = filter.status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        if let token = page.token {
            let cursor = try ExecutionCursor(token: token)
            sql += " AND (start_date, arn) < (?, ?)"
            binds += [SQLiteValue(cursor.startMilliseconds), .text(cursor.arn)]
        }
        sql += " ORDER BY start_date DESC, arn DESC LIMIT ?"
        binds.append(SQLiteValue(page.limit + 1))
        let rows = try await read(sql, binds)
        let items = try rows.prefix(page.limit).map(Self.execution)
        let next = rows.count > page.limit ? items.last.map { ExecutionCursor($0).token } : nil
        return Page(items: items, nextToken: next)
    }

    public func executionCounts(_ filter: ExecutionFilter) async throws -> [ExecutionRecord.Status: Int] {
        let (condition, binds) = Self.whereClause(filter)
        let rows = try await read("SELECT status, count(*) AS n FROM executions WHERE \(condition) GROUP BY status", binds)
        var counts: [ExecutionRecord.Status: Int] = [:]
        for row in rows {
            if let status = ExecutionRecord.Status(rawValue: try row.string("status")) { counts[status] = Int(try row.int("n")) }
        }
        return counts
    }

    /// The condition (and its values) for a filter's scope, name prefix and dates (not its status).
    static func whereClause(_ filter: ExecutionFilter) -> (String, [SQLiteValue]) {
        var sql: String
        var binds: [SQLiteValue]
        switch filter.scope {
        case .stateMachine(let arn): sql = "state_machine_arn = ?"; binds = [.text(arn)]
        case .account(let account): sql = "account = ?"; binds = [.text(account)]
        case .children(let parent): sql = "parent_arn = ?"; binds = [.text(parent)]
        }
        if let prefix = filter.namePrefix, !prefix.isEmpty {
            // substr counts characters, as Swift's count does (LIKE would read % and _ in the prefix).
            sql += " AND substr(name, 1, ?) = ?"
            binds += [SQLiteValue(prefix.count), .text(prefix)]
        }
        if let after = filter.startedAfter { sql += " AND start_date >= ?"; binds.append(SQLiteValue(after.milliseconds)) }
        if let before = filter.startedBefore { sql += " AND start_date < ?"; binds.append(SQLiteValue(before.milliseconds)) }
        return (sql, binds)
    }

    public func childCounts(of arns: [String]) async throws -> [String: Int] {
        guard !arns.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: arns.count).joined(separator: ", ")
        let rows = try await read(
            "SELECT parent_arn, count(*) AS n FROM executions WHERE parent_arn IN (\(marks)) GROUP BY parent_arn", arns.map { .text($0) })
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.string("parent_arn")] = Int(try row.int("n")) }
        return counts
    }

    public func children(of arn: String) async throws -> [ExecutionRecord] {
        try await read(
            "SELECT \(Self.executionColumns) FROM executions WHERE parent_arn = ? ORDER BY start_date, arn", [.text(arn)]
        ).map(Self.execution)
    }

    public func ancestors(of arn: String) async throws -> [ExecutionRecord] {
        try await read(
            """
            WITH RECURSIVE chain (arn, depth) AS (
                SELECT parent_arn, 1 FROM executions WHERE arn = ? AND parent_arn IS NOT NULL
                UNION ALL
                SELECT e.parent_arn, chain.depth + 1 FROM executions e JOIN chain ON e.arn = chain.arn
                WHERE e.parent_arn IS NOT NULL AND chain.depth < 1000)
            SELECT executions.* FROM chain JOIN executions ON executions.arn = chain.arn ORDER BY chain.depth
            """,
            [.text(arn)]
        ).map(Self.execution)
    }

    public func isResultProcessed(executionArn: String, key: String) async throws -> Bool {
        !(try await read(
            "SELECT 1 AS found FROM processed_results WHERE execution_arn = ? AND result_key = ?",
            [.text(executionArn), .text(key)]).isEmpty)
    }

    public func openExecutionCount(account: String) async throws -> Int {
        let rows = try await read("SELECT open_count FROM open_executions WHERE account = ?", [.text(account)])
        return try rows.first.map { Int(try $0.int("open_count")) } ?? 0
    }

    public func startTokens(account: String, bucket: StartBucket, now: Date) async throws -> Double {
        let row = try await read("SELECT tokens, counted_at FROM open_executions WHERE account = ?", [.text(account)]).first
        return bucket.level(tokens: row?.optionalDouble("tokens"), counted: row?.optionalDate("counted_at"), now: now)
    }

    static func execution(_ row: SQLiteRow) throws -> ExecutionRecord { try ExecutionRecord(row: row) }
}
