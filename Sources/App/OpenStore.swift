import Foundation
public import Logging
public import Store
import StorePostgres
import StoreSQLite

/// A store opened from configuration, and how to close it.
public struct OpenedStore: Sendable {
    public let store: any ExecutionStore
    private let closer: @Sendable () async -> Void

    init(store: any ExecutionStore, closer: @escaping @Sendable () async -> Void) {
        self.store = store
        self.closer = closer
    }

    /// Closes the connections (after every service using the store has stopped).
    public func close() async { await closer() }
}

/// Opens the configured store: a SQLite file (created with its directories and migrated on first
/// use), or a PostgreSQL database (migrated under an advisory lock; `?schema=NAME` in the URL
/// picks the schema, `public` by default).
/// - Throws: `StoreError` when the file or server cannot be opened.
public func openStore(_ location: StoreLocation, logger: Logger) async throws -> OpenedStore {
    switch location {
    case .sqlite(let path):
        let store = try await SQLiteExecutionStore.open(path: path, logger: logger)
        return OpenedStore(store: store) { try? await store.close() }
    case .postgres(let url):
        var components = URLComponents(string: url)
        let schema = components?.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        let others = components?.queryItems?.filter { $0.name != "schema" } ?? []
        components?.queryItems = others.isEmpty ? nil : others
        guard let plain = components?.string, let configuration = PostgresExecutionStore.Configuration(url: plain, schema: schema) else {
            throw StoreError.invalidArgument.with(message: "cannot read the PostgreSQL URL \(StoreLocation.postgres(url: url))")
        }
        let store = PostgresExecutionStore(configuration: configuration, logger: logger)
        let runner = Task { await store.run() }
        do {
            try await store.migrate()
        } catch {
            store.close()
            await runner.value
            throw error
        }
        return OpenedStore(store: store) {
            store.close()
            await runner.value
        }
    }
}
