import Foundation
import Logging
import Store
import StorePostgres
import StoreSQLite

/// The backends the conformance suite runs on: a real SQLite file and a real PostgreSQL server.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static let postgresURL =
        ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"]
        ?? "postgres://postgres:postgres@127.0.0.1:5432/stepwise_test"

    static let logger: Logger = {
        var logger = Logger(label: "stepwise.store.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a fresh, empty store: a new SQLite file in a new temporary directory, or a
    /// new PostgreSQL schema (so tests running in parallel, in several processes, never share rows).
    func withStore(_ body: (any ExecutionStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            // A nested path: the store creates the parent directories itself.
            let path = directory.appendingPathComponent("data/stepwise.sqlite").path
            let store = try await SQLiteExecutionStore.open(path: path, logger: Self.logger)
            do {
                try await body(store)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        case .postgres:
            try await Self.withPostgresStores(count: 1) { try await body($0[0]) }
        }
    }

    /// Runs `body` with a store on a new, empty PostgreSQL schema that it has not migrated; drops
    /// the schema afterwards.
    static func withPostgresSchema(_ body: (PostgresExecutionStore) async throws -> Void) async throws {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard let configuration = PostgresExecutionStore.Configuration(url: postgresURL, schema: schema) else {
            throw StoreError.invalidArgument.with(message: "bad STEPWISE_TEST_POSTGRES_URL \(postgresURL)")
        }
        let store = PostgresExecutionStore(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            do {
                try await body(store)
            } catch {
                try? await store.dropSchema()
                store.close()
                throw error
            }
            try await store.dropSchema()
            store.close()
        }
    }

    /// Runs `body` with `count` separate PostgreSQL stores (separate connection pools) on one new
    /// schema, all migrating concurrently first; drops the schema afterwards.
    static func withPostgresStores(count: Int, _ body: ([PostgresExecutionStore]) async throws -> Void) async throws {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard let configuration = PostgresExecutionStore.Configuration(url: postgresURL, schema: schema) else {
            throw StoreError.invalidArgument.with(message: "bad STEPWISE_TEST_POSTGRES_URL \(postgresURL)")
        }
        let stores = (0..<count).map { _ in PostgresExecutionStore(configuration: configuration, logger: logger) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores {
                group.addTask { await store.run() }
            }
            do {
                try await withThrowingTaskGroup(of: Void.self) { migrations in
                    for store in stores {
                        migrations.addTask { try await store.migrate() }
                    }
                    try await migrations.waitForAll()
                }
                try await body(stores)
            } catch {
                try? await stores[0].dropSchema()
                stores.forEach { $0.close() }
                throw error
            }
            try await stores[0].dropSchema()
            stores.forEach { $0.close() }
        }
    }
}
