public import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    static let executionColumns = StoredColumns.execution

    enum ExecutionByARN: StatementText { static let sql = "SELECT \(executionColumns) FROM executions WHERE arn = $1" }

    public func getExecution(arn: String) async throws -> ExecutionRecord {
        let rows = try await execute(Prepared<ExecutionByARN>(arn))
        guard let row = rows.first else { throw StoreError.notFound.with(message: "execution \(arn) does not exist") }
        return try Self.execution(row)
    }

    public func listExecutions(_ filter: ExecutionFilter, page: PageRequest) async throws -> Page<ExecutionRecord> {
        guard page.limit > 0 else { throw StoreError.invalidArgument.with(message: "limit must be positive") }
        var bindings = PostgresBindings()
        var sql = "SELECT \(Self.executionColumns) FROM executions WHERE " + Self.whereClause(filter, &bindings)
        if let status = filter.status {
            bindings.append(status.rawValue)
            sql += " AND status = $\(bindings.count)"
        }
        if let token = page.token {
            let cursor = try ExecutionCursor(token: token)
            bindings.append(cursor.startMilliseconds)
            bindings.append(cursor.arn)
            sql += " AND (start_date, arn) < ($\(bindings.count - 1), $\(bindings.count))"
        }
        bindings.append(page.limit + 1)
        sql += " ORDER BY start_date DESC, arn DESC LIMIT $\(bindings.count)"
        let rows = try await execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
        let items = try rows.prefix(page.limit).map(Self.execution)
        let next = rows.count > page.limit ? items.last.map { ExecutionCursor($0).token } : nil
        return Page(items: items, nextToken: next)
    }

    public func executionCounts(_ filter: ExecutionFilter) async throws -> [ExecutionRecord.Status: Int] {
        var bindings = PostgresBindings()
        let sql = "SELECT status, count(*) AS n FROM executions WHERE " + Self.whereClause(filter, &bindings) + " GROUP BY status"
        var counts: [ExecutionRecord.Status: Int] = [:]
        for row in try await execute(PostgresQuery(unsafeSQL: sql, binds: bindings)).map({ $0.makeRandomAccess() }) {
            if let status = ExecutionRecord.Status(rawValue: try row.string("status")) { counts[status] = Int(try row.int("n")) }
        }
        return counts
    }

    /// The condition for a filter's scope, name prefix and dates (not its status), its values
    /// appended to `bindings`.
    static func whereClause(_ filter: ExecutionFilter, _ bindings: inout PostgresBindings) -> String {
        var sql: String
        switch filter.scope {
        case .stateMachine(let arn): bindings.append(arn); sql = "state_machine_arn = $1"
        case .account(let account): bindings.append(account); sql = "account = $1"
        case .children(let parent): bindings.append(parent); sql = "parent_arn = $1"
        }
        if let prefix = filter.namePrefix, !prefix.isEmpty {
            bindings.append(prefix)
            sql += " AND starts_with(name, $\(bindings.count))"
        }
        if let after = filter.startedAfter {
            bindings.append(after.milliseconds)
            sql += " AND start_date >= $\(bindings.count)"
        }
        if let before = filter.startedBefore {
            bindings.append(before.milliseconds)
            sql += " AND start_date < $\(bindings.count)"
        }
        return sql
    }

    public func childCounts(of arns: [String]) async throws -> [String: Int] {
        guard !arns.isEmpty else { return [:] }
        var bindings = PostgresBindings()
        bindings.append(arns)
        let rows = try await execute(PostgresQuery(
            unsafeSQL: "SELECT parent_arn, count(*) AS n FROM executions WHERE parent_arn = ANY($1) GROUP BY parent_arn",
            binds: bindings))
        var counts: [String: Int] = [:]
        for row in rows.map({ $0.makeRandomAccess() }) { counts[try row.string("parent_arn")] = Int(try row.int("n")) }
        return counts
    }

    public func children(of arn: String) async throws -> [ExecutionRecord] {
        try await execute(PostgresQuery(
            unsafeSQL: "SELECT \(Self.executionColumns) FROM executions WHERE parent_arn = $1 ORDER BY start_date, arn",
            binds: binds(arn))
        ).map(Self.execution)
    }

    public func ancestors(of arn: String) async throws -> [ExecutionRecord] {
        try await execute(
            """
            WITH RECURSIVE chain (arn, depth) AS (
                SELECT parent_arn, 1 FROM executions WHERE arn = \(arn) AND parent_arn IS NOT NULL
                UNION ALL
                SELECT e.parent_arn, chain.depth + 1 FROM executions e JOIN chain ON e.arn = chain.arn
                WHERE e.parent_arn IS NOT NULL AND chain.depth < 1000)
            SELECT executions.* FROM chain JOIN executions ON executions.arn = chain.arn ORDER BY chain.depth
            """
        ).map(Self.execution)
    }

    public func isResultProcessed(executionArn: String, key: String) async throws -> Bool {
        !(try await execute(
            "SELECT 1 AS found FROM processed_results WHERE execution_arn = \(executionArn) AND result_key = \(key)"
        ).isEmpty)
    }

    public func openExecutionCount(account: String) async throws -> Int {
        let rows = try await execute("SELECT stepwise_open_count(\(account)) AS open_count")
        return try rows.first.map { Int(try $0.makeRandomAccess().int("open_count")) } ?? 0
    }

    /// How many executions of a state machine exist, and how many of them have ended (for
    /// benchmarks that follow executions run by coordinators in other processes).
    public func executionCounts(stateMachineArn: String) async throws -> (created: Int, ended: Int) {
        let rows = try await execute("""
            SELECT count(*) AS created, count(*) FILTER (WHERE status <> 'RUNNING') AS ended
            FROM executions WHERE state_machine_arn = \(stateMachineArn)
            """)
        guard let row = try rows.first?.makeRandomAccess() else { return (0, 0) }
        return (Int(try row.int("created")), Int(try row.int("ended")))
    }

    public func startTokens(account: String, bucket: StartBucket, now: Date) async throws -> Double {
        let rows = try await execute("SELECT tokens, counted_at FROM open_executions WHERE account = \(account)")
        guard let row = rows.first else { return Double(bucket.capacity) }
        let (tokens, counted) = try row.decode((Double?, Int64?).self)
        return bucket.level(tokens: tokens, counted: counted.map(Date.init(milliseconds:)), now: now)
    }

    static func execution(_ row: PostgresRow) throws -> ExecutionRecord { try ExecutionRecord(row: row.makeRandomAccess()) }
}
