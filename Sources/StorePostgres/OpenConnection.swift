import NIOCore
import PostgresNIO
import Store

extension PostgresConnection {
    /// Runs `body`, which writes one statement to this connection, only if the connection is open,
    /// checking and writing in one step on the connection's event loop.
    ///
    /// Why: in postgres-nio 1.33 a statement written to a connection that has finished closing
    /// never completes (the write reaches no handler, and its promise is dropped), and the pool
    /// can lease such a connection when the server has just dropped it (a restart, a failover,
    /// `pg_terminate_backend`). Every caller then waited forever: after a PostgreSQL restart a
    /// coordinator stopped relaying its outbox. On the event loop, "open" cannot change between
    /// the check and the write (closing runs on that loop too), so a statement either fails at
    /// once or reaches the handler, which answers it even if the connection closes after.
    func whileOpen<T>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop)) {
            guard !isClosed else {
                throw StoreError.backend.with(message: "the database connection was closed (the server dropped it)")
            }
            return try await body()
        }
    }

    /// Runs a query and collects its rows.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await whileOpen { try await self.query(query, logger: logger).collect() }
    }
}

/// Runs a task's nonisolated code on an event loop (NIO 2.101 has no task executor of its own).
private final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
