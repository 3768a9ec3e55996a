import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle
public import Store

/// The ``ExecutionStore`` on PostgreSQL, for several coordinator hosts sharing one database.
///
/// Lifecycle: the store is a swift-service-lifecycle `Service` whose ``run()`` keeps the
/// connection pool: run it in the process's ServiceGroup before the services that use it (so a
/// graceful shutdown closes it after them), or in a task group. Call ``migrate()`` once, use it,
/// then call ``close()`` or shut it down gracefully. Queries issued while ``run()`` is not
/// running wait for a connection.
///
/// ```swift
/// let store = PostgresExecutionStore(configuration: .init(host: "db", username: "stepwise",
///                                                         password: "…", database: "stepwise"), logger: logger)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await store.run() }
///     try await store.migrate()
///     …
///     store.close()
/// }
/// ```
///
/// Every change is one transaction at READ COMMITTED. The coordinator's write path — create and
/// commit — is one statement each, a PL/pgSQL function created by the migrations
/// (``PostgresSchema``), so it costs one network round trip: a commit locks the execution row
/// (`SELECT … FOR UPDATE`) before checking the version, the fence takes a share lock on the lease
/// row, and the quota is counted on the account's row (creates, serialised by its lock) and per
/// account and shard (closes), so the limit holds exactly under concurrent creators on any number
/// of hosts while commits never wait for creates (see ``PostgresSchema/shardMigration``).
public final class PostgresExecutionStore: ExecutionStore, Service {
    /// Where the database is and how to connect.
    public struct Configuration: Sendable {
        /// Whether the connection uses TLS (with the system's trust roots).
        public enum TLSMode: String, Sendable {
            case disable, prefer, require
        }

        /// The server host name.
        public var host: String
        /// The server port.
        public var port: Int
        /// The user.
        public var username: String
        /// The password.
        public var password: String?
        /// The database.
        public var database: String
        /// The schema holding the tables (created by ``migrate()``); lower-case letters, digits and `_`.
        public var schema: String
        /// The most connections the pool opens.
        public var maximumConnections: Int
        /// TLS use; `disable` by default (a local or private-network server).
        public var tls: TLSMode
        /// The `application_name` the server shows for each connection (`pg_stat_activity`).
        public var applicationName = "stepwise"

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 5432, username: String, password: String?, database: String,
            schema: String = "public", maximumConnections: Int = 20, tls: TLSMode = .disable
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.maximumConnections = maximumConnections
            self.tls = tls
        }

        /// Parses `postgres://user:password@host:port/database[?sslmode=disable|prefer|require]`.
        /// - Parameters:
        ///   - url: The connection URL.
        ///   - schema: The schema for the tables.
        public init?(url: String, schema: String = "public") {
            guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
                return nil
            }
            let database = String(components.path.drop(while: { $0 == "/" }))
            let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
            guard let tls = TLSMode(rawValue: sslMode) else { return nil }
            self.init(
                host: host, port: components.port ?? 5432, username: user, password: components.password,
                database: database.isEmpty ? user : database, schema: schema, tls: tls)
        }
    }

    let client: PostgresClient
    let configuration: Configuration
    let logger: Logger
    /// Creates waiting for the next batch (``createExecution(_:quota:)``).
    let creates = GroupCommit<PendingCreate, Result<Void, StoreError>>(maxBatch: 256)
    /// Shard processors' batches waiting to go together (``commit(each:)``).
    let commits = GroupCommit<[ExecutionCommit], [Result<Int64, StoreError>]>(maxBatch: 64)
    private let closeSignal: AsyncStream<Void>
    private let closeContinuation: AsyncStream<Void>.Continuation

    /// Creates the store; nothing connects until ``run()`` runs.
    /// - Parameters:
    ///   - configuration: Where the database is.
    ///   - logger: The logger for the connection pool and migrations.
    public init(configuration: Configuration, logger: Logger) {
        var config = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: Self.tls(configuration.tls))
        config.options.maximumConnections = configuration.maximumConnections
        config.options.additionalStartupParameters = [
            ("search_path", configuration.schema), ("application_name", configuration.applicationName),
        ]
        self.client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.configuration = configuration
        self.logger = logger
        (closeSignal, closeContinuation) = AsyncStream<Void>.makeStream()
    }

    private static func tls(_ mode: Configuration.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Runs the connection pool until ``close()``, a graceful shutdown, or cancellation.
    public func run() async {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.client.run() }
                group.addTask { for await _ in self.closeSignal {} }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.close()
        }
    }

    /// Stops ``run()``: its connections close and later queries fail.
    public func close() {
        closeContinuation.finish()
    }

    /// Creates the schema if needed and applies the missing migrations, under a transaction-scoped
    /// advisory lock so concurrent processes migrate one at a time.
    public func migrate() async throws {
        try await migrate(through: Int.max)
    }

    /// Applies the missing migrations up to `last` (tests build older schemas with it).
    func migrate(through last: Int) async throws {
        let schema = configuration.schema
        guard !schema.isEmpty, schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw StoreError.invalidArgument.with(message: "invalid schema name \(schema)")
        }
        try await transaction { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))", logger: self.logger)
            try await connection.rows(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: self.logger)
            try await connection.rows(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \"\(schema)\""), logger: self.logger)
            try await connection.rows(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                logger: self.logger)
            let applied = Set(try await connection.rows("SELECT version FROM schema_migrations", logger: self.logger)
                .map { try $0.makeRandomAccess().int("version") })
            for migration in PostgresSchema.migrations
            where !applied.contains(Int64(migration.version)) && migration.version <= last {
                for statement in migration.statements {
                    try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                if migration.version == 6 { try await Self.fillShards(connection, logger: self.logger) }
                let version = Int64(migration.version)
                let now = Date().milliseconds
                try await connection.rows(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (\(version), \(now))", logger: self.logger)
                self.logger.info("applied PostgreSQL schema migration", metadata: ["version": "\(version)", "schema": "\(schema)"])
            }
        }
    }

    /// Drops the configured schema with all its tables and data. For tests and tear-down only;
    /// refuses to drop `public`.
    public func dropSchema() async throws {
        let schema = configuration.schema
        guard schema != "public", schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw StoreError.invalidArgument.with(message: "refusing to drop schema \(schema)")
        }
        try await transaction { connection in
            try await connection.rows(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"), logger: self.logger)
        }
    }
}
