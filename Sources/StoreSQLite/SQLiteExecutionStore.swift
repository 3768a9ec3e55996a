import Foundation
public import Logging
import SQLiteNIO
public import Store
import Synchronization

/// The embedded ``ExecutionStore``: one SQLite file in WAL mode.
///
/// Writes go through a single connection, one transaction at a time (SQLite has one writer);
/// reads use a few separate read-only connections, which WAL lets run alongside the writer.
/// sqlite-nio runs every SQLite call on its thread pool, so nothing blocks the concurrency pool.
///
/// ```swift
/// let store = try await SQLiteExecutionStore.open(path: "data/stepwise.sqlite", logger: logger)
/// …                              // use it; several stores (processes) may open the same file
/// try await store.close()        // when the service stops
/// ```
public final class SQLiteExecutionStore: ExecutionStore {
    /// Settings of the SQLite store.
    public struct Configuration: Sendable {
        /// Read connections (at least 1).
        public var readConnections: Int
        /// How long a statement waits for a lock held by another process, in milliseconds.
        public var busyTimeoutMilliseconds: Int
        /// `true` (the default) syncs the log on every commit (`synchronous = FULL`), so a commit
        /// whose outbox messages were published survives a power loss; `false` uses `NORMAL`
        /// (faster, still safe against a process crash).
        public var syncEveryCommit: Bool

        /// Creates a configuration.
        public init(readConnections: Int = 2, busyTimeoutMilliseconds: Int = 5000, syncEveryCommit: Bool = true) {
            self.readConnections = readConnections
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.syncEveryCommit = syncEveryCommit
        }
    }

    let writer: SQLiteWriter
    private let readers: [SQLiteConnection]
    private let nextReader = Mutex(0)
    let logger: Logger

    private init(writer: SQLiteWriter, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    /// Opens (creating the file and its parent directories if needed) and migrates the database.
    /// - Parameters:
    ///   - path: The database file.
    ///   - configuration: Connection settings.
    ///   - logger: Where to log migrations.
    public static func open(path: String, configuration: Configuration = .init(), logger: Logger) async throws -> SQLiteExecutionStore {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            try await connection.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
            try await connection.rows("PRAGMA journal_mode = WAL")
            try await connection.execute("PRAGMA synchronous = \(configuration.syncEveryCommit ? "FULL" : "NORMAL")")
            let writer = SQLiteWriter(connection: connection)
            try await migrate(writer, logger: logger)
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, configuration.readConnections) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                try await reader.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
                try await reader.execute("PRAGMA query_only = 1")
                readers.append(reader)
            }
            return SQLiteExecutionStore(writer: writer, readers: readers, logger: logger)
        } catch {
            throw storeError(error)
        }
    }

    /// Closes every connection; the store cannot be used afterwards.
    public func close() async throws {
        for reader in readers {
            try await reader.close()
        }
        try await writer.withConnection { try await $0.close() }
    }

    /// Runs one read statement on the next read connection.
    func read(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        do {
            return try await readers[index].rows(sql, binds)
        } catch {
            throw Self.storeError(error)
        }
    }

    private static func migrate(_ writer: SQLiteWriter, logger: Logger) async throws {
        try await writer.transaction { connection in
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
            let applied = Set(try await connection.rows("SELECT version FROM schema_migrations").map { try $0.int("version") })
            for migration in SQLiteSchema.migrations where !applied.contains(Int64(migration.version)) {
                for statement in migration.statements {
                    try await connection.execute(statement)
                }
                try await connection.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.integer(migration.version), SQLiteData(Date())])
                logger.info("applied SQLite schema migration", metadata: ["version": "\(migration.version)"])
            }
        }
    }

    /// Maps sqlite-nio errors to ``StoreError``; store errors pass through.
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let error = error as? SQLiteError {
            if isUniqueViolation(error) { return StoreError.alreadyExists.with(message: error.message) }
            return StoreError.backend.with(message: "\(error)")
        }
        return error
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        switch error.reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return true
        default: return false
        }
    }
}
