import Foundation
import Logging
import Store
import PostgresNIO
@testable import StorePostgres
@testable import StoreSQLite
import Testing

@Suite("Schema and files")
struct MigrationTests {
    @Test("SQLite: the file and its directories are created, data survives reopening, migrations run once")
    func sqliteReopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-reopen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a/b/store.sqlite").path
        let fixture = Fixture()
        let execution = fixture.execution("kept")

        let first = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        try await first.createExecution(fixture.start(execution), quota: .unlimited)
        // WAL mode: the write-ahead log sits next to the database while it is open.
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try await first.close()
        #expect(FileManager.default.fileExists(atPath: path))

        // Two stores on one file (as two processes would): both migrate, both see the data.
        let second = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        let third = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        #expect(try await second.getExecution(arn: execution.arn) == execution)
        try await third.commit(fixture.stop(execution, version: 1))
        #expect(try await second.getExecution(arn: execution.arn).status == .succeeded)
        #expect(try await second.openExecutionCount(account: fixture.account) == 0)
        try await second.close()
        try await third.close()
    }

    @Test("SQLite: a file at schema 2 moves to 3 with its executions, and names stay unique per state machine")
    func sqliteFromSchemaTwo() async throws {
        let path = temporaryDatabasePath("v2")
        defer { removeDatabase(at: path) }
        let fixture = Fixture()
        let kept = fixture.execution("kept")
        // What a build of schema 2 left behind: its tables and one execution.
        let old = try database(at: path, schema: 2)
        try old.script("""
            INSERT INTO executions VALUES ('\(kept.arn)', '\(kept.account)', '\(kept.stateMachineArn)', 'r', 'kept', 'RUNNING',
              '{}', NULL, NULL, NULL, 1000, NULL, NULL, '\(kept.arn)', 1, x'00')
            """)
        old.close()

        let store = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        #expect(try await store.getExecution(arn: kept.arn).status == .running)
        #expect(try await store.getExecution(arn: kept.arn).name == "kept")
        // The same name again is the same ARN: still refused, with the existing execution.
        await #expect(throws: StoreError.self) {
            try await store.createExecution(fixture.start(fixture.execution("kept")), quota: .unlimited)
        }
        let fresh = fixture.execution("fresh")
        try await store.createExecution(fixture.start(fresh), quota: .unlimited)
        #expect(try await store.getExecution(arn: fresh.arn) == fresh)
        try await store.close()
        let check = try SQLiteDatabase(path: path, pragmas: [])
        defer { check.close() }
        let versions = try check.rows("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int("version") }
        #expect(versions.last == Int64(SQLiteSchema.migrations.last!.version))
        let table = try check.rows("SELECT sql FROM sqlite_master WHERE name = 'executions'").first.map { try $0.string("sql") }
        #expect(table?.contains("UNIQUE") == false)
    }

    @Test("SQLite: a file at schema 3 moves on with every history event and processed result, and the history goes on after them")
    func sqliteFromSchemaThree() async throws {
        let path = temporaryDatabasePath("v3")
        defer { removeDatabase(at: path) }
        let fixture = Fixture()
        let kept = fixture.execution("kept")
        var events = fixture.events(1...3)
        events[1].details = #"{"output":"{\"a\":\"1,2:3\"}","note":"é 😀"}"#
        // What a build of schema 3 left behind: an execution and its history, one row per event.
        let old = try database(at: path, schema: 3)
        try old.execute("""
            INSERT INTO executions VALUES (?, ?, ?, 'r', 'kept', 'RUNNING', '{}', NULL, NULL, NULL, 1000, NULL, NULL, ?, 3, x'00')
            """, [.text(kept.arn), .text(kept.account), .text(kept.stateMachineArn), .text(kept.arn)])
        for event in events {
            try old.execute(
                "INSERT INTO history_events VALUES (?, ?, ?, ?, ?, ?)",
                [.text(kept.arn), SQLiteValue(event.id), SQLiteValue(event.previousEventId), SQLiteValue(event.timestamp),
                 .text(event.type), .text(event.details)])
        }
        try old.execute("INSERT INTO processed_results VALUES (?, 'done#2#0')", [.text(kept.arn)])
        old.close()

        let store = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        #expect(try await store.history(HistoryQuery(executionArn: kept.arn)) == events)
        #expect(try await store.isResultProcessed(executionArn: kept.arn, key: "done#2#0"))
        #expect(try await !store.isResultProcessed(executionArn: kept.arn, key: "done#3#0"))
        #expect(try await store.history(HistoryQuery(executionArn: kept.arn, limit: 2, reverse: true)) == [events[2], events[1]])
        await #expect(throws: StoreError.alreadyExists) {
            try await store.commit(ExecutionCommit(
                executionArn: kept.arn, expectedVersion: 3, date: fixture.date(4), events: fixture.events(3...4)))
        }
        try await store.commit(ExecutionCommit(
            executionArn: kept.arn, expectedVersion: 3, date: fixture.date(4), events: fixture.events(4...5)))
        #expect(try await store.history(HistoryQuery(executionArn: kept.arn)) == events + fixture.events(4...5))
        try await store.close()
    }

    @Test("SQLite: timers and outbox rows of schema 5 get their shard, and the open count carries over")
    func sqliteFromSchemaFive() async throws {
        let path = temporaryDatabasePath("v5")
        defer { removeDatabase(at: path) }
        let fixture = Fixture()
        let kept = fixture.execution("kept")
        let shard = ExecutionShards.shard(of: kept.arn)
        let old = try database(at: path, schema: 5)
        try old.execute("""
            INSERT INTO executions VALUES (?, ?, ?, 'r', 'kept', 'RUNNING', '{}', NULL, NULL, NULL, 1000, NULL, NULL, ?, 1, x'00')
            """, [.text(kept.arn), .text(kept.account), .text(kept.stateMachineArn), .text(kept.arn)])
        try old.execute("INSERT INTO open_executions VALUES (?, 1)", [.text(kept.account)])
        try old.execute("INSERT INTO timers VALUES (?, ?, 2000, '{}')", [.text(kept.arn + "#t"), .text(kept.arn)])
        try old.execute("INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date) VALUES (?, 'x', 'q', x'00', '{}', 1000)",
                        [.text(kept.arn)])
        old.close()

        let store = try await SQLiteExecutionStore.open(path: path, logger: Backend.logger)
        #expect(try await store.pendingOutbox(shards: [shard], limit: 10).map(\.message.executionArn) == [kept.arn])
        #expect(try await store.dueTimers(shards: [shard], before: Date(milliseconds: 3000), limit: 10).map(\.id) == [kept.arn + "#t"])
        #expect(try await store.pendingOutbox(shards: ExecutionShards.all.filter { $0 != shard }, limit: 10).isEmpty)
        #expect(try await store.openExecutionCount(account: kept.account) == 1)
        try await store.commit(fixture.stop(kept, version: 1))
        #expect(try await store.openExecutionCount(account: kept.account) == 0)
        try await store.close()
    }

    @Test("PostgreSQL: timers and outbox rows of schema 5 get their shard, and the open count carries over")
    func postgresFromSchemaFive() async throws {
        try await Backend.withPostgresSchema { store in
            try await store.migrate(through: 5)
            let fixture = Fixture()
            let kept = fixture.execution("kept")
            let other = fixture.execution("other")
            let shard = ExecutionShards.shard(of: kept.arn)
            for execution in [kept, other] {
                try await store.execute(
                    """
                    INSERT INTO executions (arn, account, state_machine_arn, revision_id, name, status, input, start_date,
                                            root_arn, version, snapshot)
                    VALUES (\(execution.arn), \(execution.account), \(execution.stateMachineArn), 'r', \(execution.name),
                            'RUNNING', '{}', 1000, \(execution.arn), 1, '\\x00')
                    """)
            }
            try await store.execute("INSERT INTO open_executions VALUES (\(kept.account), 2)")
            try await store.execute("INSERT INTO timers VALUES (\(kept.arn + "#t"), \(kept.arn), 2000, '{}')")
            try await store.execute(
                "INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date) VALUES (\(kept.arn), 'x', 'q', '\\x00', '{}', 1000)")
            try await store.migrate()

            #expect(try await store.pendingOutbox(shards: [shard], limit: 10).map(\.message.executionArn) == [kept.arn])
            #expect(try await store.dueTimers(shards: [shard], before: Date(milliseconds: 3000), limit: 10).map(\.id) == [kept.arn + "#t"])
            #expect(try await store.pendingOutbox(shards: ExecutionShards.all.filter { $0 != shard }, limit: 10).isEmpty)
            #expect(try await store.openExecutionCount(account: kept.account) == 2)
            try await store.commit(fixture.stop(kept, version: 1))
            #expect(try await store.openExecutionCount(account: kept.account) == 1)
            // The limit counts what schema 5 counted: one open, a limit of 2 admits one more.
            try await store.createExecution(fixture.start(fixture.execution("new")), quota: ExecutionQuota(maxOpen: 2))
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(fixture.start(fixture.execution("over")), quota: ExecutionQuota(maxOpen: 2))
            }
        }
    }

    @Test("PostgreSQL: migrating again is a no-op")
    func postgresMigrateTwice() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let fixture = Fixture()
            try await stores[0].createStateMachine(fixture.stateMachine())
            try await stores[0].migrate()
            #expect(try await stores[0].getStateMachine(arn: fixture.stateMachineArn()).name == "machine")
        }
    }

    private func temporaryDatabasePath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(name)-\(UUID().uuidString).sqlite").path
    }

    /// Removes the file with its write-ahead log and shared-memory index.
    private func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A database file as a build of schema `version` left it (its migrations applied and recorded).
    private func database(at path: String, schema version: Int) throws -> SQLiteDatabase {
        let old = try SQLiteDatabase(path: path, pragmas: [])
        try old.script("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        for migration in SQLiteSchema.migrations where migration.version <= version {
            for statement in migration.statements { try old.script(statement) }
            try old.script("INSERT INTO schema_migrations VALUES (\(migration.version), 0)")
        }
        return old
    }
}
