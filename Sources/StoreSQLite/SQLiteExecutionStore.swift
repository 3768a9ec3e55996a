import Foundation
public import Logging
public import Store

/// The embedded ``ExecutionStore``: one SQLite file in WAL mode.
///
/// Writes go through a single connection, one transaction at a time (SQLite has one writer);
/// reads use a few separate read-only connections, which WAL lets run alongside the writer.
/// Each connection belongs to a thread of its own (the C API, no sqlite-nio hop per statement),
/// so nothing blocks the concurrency pool.
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
    private let readers: SQLiteReaders
    let logger: Logger

    private init(writer: SQLiteWriter, readers: SQLiteReaders, logger: Logger) {
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
        let busyTimeout = "PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)"
        let synchronous = "PRAGMA synchronous = \(configuration.syncEveryCommit ? "FULL" : "NORMAL")"
        let writer: SQLiteWriter
        do {
            writer = try await SQLiteWriter.start(name: "sqlite-writer") {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                // temp_store: savepoint and statement journals stay in memory instead of spilling to temporary files.
                // wal_autocheckpoint: a checkpoint every 16,384 pages (64 MiB of WAL) instead of 1,000 copies a
                // page that many commits changed (an execution's row, an index leaf) into the database once, not
                // once per 4 MiB; at a thousand executions per second that is about 5% of the coordinator's CPU.
                return try SQLiteDatabase(
                    path: path, pragmas: [busyTimeout, "PRAGMA journal_mode = WAL", synchronous, "PRAGMA temp_store = MEMORY",
                                          "PRAGMA wal_autocheckpoint = 16384"])
            }
        } catch {
            throw SQLiteError.storeError(error)
        }
        do {
            try await migrate(writer, logger: logger)
            let readers = try await SQLiteReaders.start(count: configuration.readConnections, name: "sqlite-reader") {
                try SQLiteDatabase(path: path, pragmas: [busyTimeout, "PRAGMA query_only = 1"])
            }
            return SQLiteExecutionStore(writer: writer, readers: readers, logger: logger)
        } catch {
            await writer.close()
            throw SQLiteError.storeError(error)
        }
    }

    /// Closes every connection (after the writes already submitted); the store cannot be used afterwards.
    public func close() async throws {
        await readers.close()
        await writer.close()
    }

    /// Runs one read statement on the next read connection.
    func read(_ sql: String, _ binds: [SQLiteValue] = []) async throws -> [SQLiteRow] {
        try await readers.rows(sql, binds)
    }

    private static func migrate(_ writer: SQLiteWriter, logger: Logger) async throws {
        let applied = try await writer.write { database in
            try database.script(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
            let done = Set(try database.rows("SELECT version FROM schema_migrations").map { try $0.int("version") })
            var applied: [Int] = []
            for migration in SQLiteSchema.migrations where !done.contains(Int64(migration.version)) {
                for statement in migration.statements {
                    try database.script(statement)
                }
                try database.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [SQLiteValue(migration.version), SQLiteValue(Date())])
                applied.append(migration.version)
            }
            if applied.contains(6) { try fillShards(database) }
            return applied
        }
        for version in applied {
            logger.info("applied SQLite schema migration", metadata: ["version": "\(version)"])
        }
    }

    /// Gives the timers and outbox rows stored before migration 6 their execution's shard.
    private static func fillShards(_ database: SQLiteDatabase) throws {
        for table in ["timers", "outbox"] {
            let arns = try database.rows("SELECT DISTINCT execution_arn FROM \(table) WHERE shard IS NULL")
                .map { try $0.string("execution_arn") }
            for arn in arns {
                try database.execute("UPDATE \(table) SET shard = ? WHERE execution_arn = ?",
                                     [SQLiteValue(ExecutionShards.shard(of: arn)), .text(arn)])
            }
        }
    }
}
