import Foundation
import Logging
import Store
import StorePostgres
import StoreSQLite
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

    @Test("PostgreSQL: migrating again is a no-op")
    func postgresMigrateTwice() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let fixture = Fixture()
            try await stores[0].createStateMachine(fixture.stateMachine())
            try await stores[0].migrate()
            #expect(try await stores[0].getStateMachine(arn: fixture.stateMachineArn()).name == "machine")
        }
    }
}
