import Foundation
import Store
import StoreSQLite
import Testing

/// SQLite only: two stores on one file, as two processes on one host would be, each with its own
/// writer connection; SQLite's file lock (`BEGIN IMMEDIATE` plus the busy timeout) serialises them.
@Suite("SQLite with two stores on one file")
struct SQLiteSharedFileTests {
    @Test("300 creators on two stores race for 10 slots")
    func quotaAcrossStores() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let configuration = SQLiteExecutionStore.Configuration(busyTimeoutMilliseconds: 30_000)
        let first = try await SQLiteExecutionStore.open(path: path, configuration: configuration, logger: Backend.logger)
        let second = try await SQLiteExecutionStore.open(path: path, configuration: configuration, logger: Backend.logger)

        let fixture = Fixture()
        let created = try await raceCreates(300, fixture: fixture, quota: ExecutionQuota(maxOpen: 10), stores: [first, second])
        #expect(created.count == 10)
        #expect(try await first.openExecutionCount(account: fixture.account) == 10)
        await withTaskGroup(of: Void.self) { group in
            for store in [first, second] {
                for execution in created {
                    group.addTask { _ = try? await store.commit(fixture.stop(execution, version: 1)) }
                }
            }
        }
        #expect(try await second.openExecutionCount(account: fixture.account) == 0)
        try await first.close()
        try await second.close()
    }
}
