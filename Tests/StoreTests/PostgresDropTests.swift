import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Synchronization
import Testing

/// PostgreSQL only: the server drops every connection of a store again and again (what a restart
/// or a failover does to a client), while callers keep calling. Every call must come back, with a
/// value or an error; none may wait forever, and the store must work once the drops stop.
@Suite("PostgreSQL connections dropped by the server")
struct PostgresDropTests {
    @Test("every store call returns while the server drops the store's connections, and the store works after")
    func callsReturnWhileConnectionsDrop() async throws {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard var configuration = PostgresExecutionStore.Configuration(url: Backend.postgresURL, schema: schema) else {
            Issue.record("bad STEPWISE_TEST_POSTGRES_URL \(Backend.postgresURL)")
            return
        }
        configuration.maximumConnections = 4
        configuration.applicationName = "stepwise-drop-\(schema)"
        var adminConfiguration = configuration
        adminConfiguration.applicationName = "stepwise-drop-admin"
        let store = PostgresExecutionStore(configuration: configuration, logger: Backend.logger)
        let admin = PostgresExecutionStore(configuration: adminConfiguration, logger: Backend.logger)
        // Unstructured on purpose: if a call never returns, the test must still end and say so.
        let pools = [Task { await store.run() }, Task { await admin.run() }]
        try await store.migrate()

        let callers = 6
        let progress = Progress()
        for index in 0..<callers {
            Task {
                        while !progress.stop.load(ordering: .relaxed) {
                    switch index % 3 {
                    case 0: _ = try? await store.pendingOutbox(shards: [0, 1, 2, 3], limit: 50)
                    case 1: _ = try? await store.openExecutionCount(account: "123456789012")
                    default: _ = try? await store.getExecution(arn: "arn:aws:states:us-east-1:123456789012:execution:m:none")
                    }
                    progress.calls.add(1, ordering: .relaxed)
                }
                progress.returned.add(1, ordering: .relaxed)
            }
        }
        let drop = PostgresQuery(unsafeSQL: """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(configuration.applicationName)'
            """)
        var dropped = 0
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(150))
            dropped += try await admin.execute(drop).count
        }
        progress.stop.store(true, ordering: .relaxed)
        for _ in 0..<100 where progress.returned.load(ordering: .relaxed) < callers {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(dropped > 40, "the server dropped the store's connections (\(dropped) times)")
        #expect(progress.calls.load(ordering: .relaxed) > 200)
        #expect(progress.returned.load(ordering: .relaxed) == callers, "every caller's last call returned within 10 s of the last drop")

        // After the drops, the store works.
        #expect(try await store.openExecutionCount(account: "123456789012") == 0)
        try await store.dropSchema()
        guard progress.returned.load(ordering: .relaxed) == callers else { return }
        store.close()
        admin.close()
        for pool in pools { await pool.value }
    }
}

private final class Progress: Sendable {
    let stop = Atomic(false)
    let calls = Atomic(0)
    let returned = Atomic(0)
}
