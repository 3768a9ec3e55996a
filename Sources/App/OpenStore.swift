import Foundation
public import Logging
public import ServiceLifecycle
public import Store
import StorePostgres
import StoreSQLite

/// A store opened from configuration, the service that keeps it (PostgreSQL's connection pool),
/// and how to close it.
public struct OpenedStore: Sendable {
    public let store: any ExecutionStore
    /// What must run while the store is used: put it first in the process's ServiceGroup, so a
    /// graceful shutdown stops it after every service that uses the store. Nil for SQLite.
    public let service: (any Service)?
    private let closer: @Sendable () async -> Void

    init(store: any ExecutionStore, service: (any Service)?, closer: @escaping @Sendable () async -> Void) {
        self.store = store
        self.service = service
        self.closer = closer
    }

    /// Closes the connections (after every service using the store has stopped).
    public func close() async { await closer() }

    /// Runs `body` with the store's service running beside it, then stops the service and closes the store.
    public func use<T: Sendable>(_ body: @Sendable (any ExecutionStore) async throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            if let service { group.addTask { try? await service.run() } }
            let result: Result<T, any Error>
            do { result = .success(try await body(store)) } catch { result = .failure(error) }
            await close()
            group.cancelAll()
            return result
        }
        return try result.get()
    }
}

/// Opens the configured store: a SQLite file (created with its directories and migrated on first
/// use), or a PostgreSQL database (migrated under an advisory lock; `?schema=NAME` in the URL
/// picks the schema, `public` by default).
/// - Throws: `StoreError` when the file or server cannot be opened.
public func openStore(_ location: StoreLocation, logger: Logger) async throws -> OpenedStore {
    switch location {
    case .sqlite(let path):
        let store = try await SQLiteExecutionStore.open(path: path, logger: logger)
        return OpenedStore(store: store, service: nil) { try? await store.close() }
    case .postgres(let url):
        var components = URLComponents(string: url)
        let schema = components?.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        let others = components?.queryItems?.filter { $0.name != "schema" } ?? []
        components?.queryItems = others.isEmpty ? nil : others
        guard let plain = components?.string, let configuration = PostgresExecutionStore.Configuration(url: plain, schema: schema) else {
            throw StoreError.invalidArgument.with(message: "cannot read the PostgreSQL URL \(StoreLocation.postgres(url: url))")
        }
        // Migrations run on a pool of their own that lives only as long as they do; the store's
        // own pool is a service the caller runs.
        var once = configuration
        once.maximumConnections = 1
        let migrator = PostgresExecutionStore(configuration: once, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await migrator.run() }
            defer { migrator.close() }
            try await migrator.migrate()
        }
        let store = PostgresExecutionStore(configuration: configuration, logger: logger)
        return OpenedStore(store: store, service: store) { store.close() }
    }
}
