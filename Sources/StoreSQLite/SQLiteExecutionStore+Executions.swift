import Foundation
import SQLiteNIO
import Store

extension SQLiteExecutionStore {
    static let executionColumns = """
        arn, account, state_machine_arn, revision_id, name, status, input, output, error, cause,
        start_date, stop_date, parent_arn, root_arn, version, snapshot
        """

    public func createExecution(_ start: ExecutionStart, quota: ExecutionQuota) async throws {
        let execution = start.execution
        try await writer.grouped { connection in
            let inserted = try await connection.rows(
                """
                INSERT INTO executions (\(Self.executionColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING arn
                """,
                [.text(execution.arn), .text(execution.account), .text(execution.stateMachineArn),
                 .text(execution.stateMachineRevisionId), .text(execution.name), .text(execution.status.rawValue),
                 .text(execution.input), SQLiteData(execution.output), SQLiteData(execution.error),
                 SQLiteData(execution.cause), SQLiteData(execution.startDate), SQLiteData(execution.stopDate),
                 SQLiteData(execution.parentArn), .text(execution.rootArn), SQLiteData(execution.version),
                 SQLiteData(bytes: execution.snapshot)])
            if inserted.isEmpty {
                let existing = try await connection.rows(
                    "SELECT \(Self.executionColumns) FROM executions WHERE arn = ? OR (state_machine_arn = ? AND name = ?)",
                    [.text(execution.arn), .text(execution.stateMachineArn), .text(execution.name)])
                guard let row = existing.first else { throw StoreError.alreadyExists }
                throw StoreError.executionAlreadyExists(try Self.execution(row))
            }
            if execution.status == .running {
                try await Self.takeSlot(account: execution.account, quota: quota, connection)
            }
            try await Self.insert(events: start.events, executionArn: execution.arn, connection)
            try await Self.insert(timers: start.timers, connection)
            try await Self.insert(outbox: start.outbox, connection)
        }
    }

    /// Takes one open-execution slot or throws `limitExceeded`; the writer transaction makes it exact.
    static func takeSlot(account: String, quota: ExecutionQuota, _ connection: SQLiteConnection) async throws {
        try await connection.execute(
            "INSERT INTO open_executions (account, open_count) VALUES (?, 0) ON CONFLICT DO NOTHING", [.text(account)])
        let taken = try await connection.rows(
            "UPDATE open_executions SET open_count = open_count + 1 WHERE account = ? AND open_count < ? RETURNING open_count",
            [.text(account), .integer(quota.effectiveLimit)])
        if taken.isEmpty {
            throw StoreError.limitExceeded.with(message: "account \(account) has \(quota.effectiveLimit) open executions")
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
        var sql = "SELECT \(Self.executionColumns) FROM executions WHERE "
        var binds: [SQLiteData] = []
        switch filter.scope {
        case .stateMachine(let arn): sql += "state_machine_arn = ?"; binds.append(.text(arn))
        case .account(let account): sql += "account = ?"; binds.append(.text(account))
        }
        if let status = filter.status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        if let token = page.token {
            let cursor = try ExecutionCursor(token: token)
            sql += " AND (start_date, arn) < (?, ?)"
            binds += [SQLiteData(cursor.startMilliseconds), .text(cursor.arn)]
        }
        sql += " ORDER BY start_date DESC, arn DESC LIMIT ?"
        binds.append(.integer(page.limit + 1))
        let rows = try await read(sql, binds)
        let items = try rows.prefix(page.limit).map(Self.execution)
        let next = rows.count > page.limit ? items.last.map { ExecutionCursor($0).token } : nil
        return Page(items: items, nextToken: next)
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

    static func execution(_ row: SQLiteRow) throws -> ExecutionRecord {
        guard let status = ExecutionRecord.Status(rawValue: try row.string("status")) else {
            throw StoreError.backend.with(message: "unknown execution status")
        }
        return ExecutionRecord(
            arn: try row.string("arn"), account: try row.string("account"),
            stateMachineArn: try row.string("state_machine_arn"), stateMachineRevisionId: try row.string("revision_id"),
            name: try row.string("name"), status: status, input: try row.string("input"),
            output: row.optionalString("output"), error: row.optionalString("error"), cause: row.optionalString("cause"),
            startDate: try row.date("start_date"), stopDate: row.optionalDate("stop_date"),
            parentArn: row.optionalString("parent_arn"), rootArn: try row.string("root_arn"),
            version: try row.int("version"), snapshot: try row.bytes("snapshot"))
    }
}
