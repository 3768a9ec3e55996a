import Logging
import SQLiteNIO
import Store

/// The single writer: one connection, one transaction at a time (`BEGIN IMMEDIATE`), in FIFO order.
///
/// An actor alone would interleave transactions at its suspension points, so it also keeps a
/// queue of waiting transactions and admits the next one only when the current one has finished.
actor SQLiteWriter {
    let connection: SQLiteConnection
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    @discardableResult
    func transaction<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        try await connection.execute("BEGIN IMMEDIATE")
        do {
            let value = try await body(connection)
            try await connection.execute("COMMIT")
            return value
        } catch {
            try? await connection.execute("ROLLBACK")
            throw SQLiteExecutionStore.storeError(error)
        }
    }

    /// Runs one statement outside a transaction (pragmas, closing).
    func withConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body(connection)
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
