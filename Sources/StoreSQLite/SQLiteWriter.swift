import Logging
import SQLiteNIO
import Store

/// The single writer: one connection, one transaction at a time (`BEGIN IMMEDIATE`), in FIFO order.
///
/// An actor alone would interleave transactions at its suspension points, so it also keeps a
/// queue of waiting transactions and admits the next one only when the current one has finished.
///
/// Group commit: changes submitted with ``grouped(_:)`` while a transaction is running wait and
/// then share one transaction (one sync to disk), each inside its own savepoint so that one
/// change's failure rolls back only that change. Callers hear of success only after `COMMIT`.
actor SQLiteWriter {
    let connection: SQLiteConnection
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var group: [GroupItem] = []
    private var groupRunning = false

    /// One grouped change: runs it (returning whether it succeeded and how to report the outcome
    /// once the transaction is settled), or reports a failure without running it.
    private struct GroupItem: Sendable {
        let run: @Sendable (SQLiteConnection) async -> (ok: Bool, settle: @Sendable ((any Error)?) -> Void)
        let fail: @Sendable (any Error) -> Void
    }

    /// Runs `body` in a transaction shared with other grouped changes (see the type's notes).
    func grouped<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            group.append(GroupItem(run: { connection in
                let outcome: Result<T, any Error>
                do { outcome = .success(try await body(connection)) } catch { outcome = .failure(SQLiteExecutionStore.storeError(error)) }
                let ok = if case .success = outcome { true } else { false }
                return (ok, { commitError in
                    if let commitError { c.resume(throwing: commitError) } else { c.resume(with: outcome) }
                })
            }, fail: { c.resume(throwing: $0) }))
            if !groupRunning {
                groupRunning = true
                Task { await self.runGroups() }
            }
        }
    }

    private func runGroups() async {
        while !group.isEmpty {
            await acquire()
            let items = group
            group = []
            var settles: [@Sendable ((any Error)?) -> Void] = []
            var failure: (any Error)? = nil
            do {
                try await connection.execute("BEGIN IMMEDIATE")
                for item in items {
                    try await connection.execute("SAVEPOINT change")
                    let (ok, settle) = await item.run(connection)
                    settles.append(settle)
                    if !ok { try await connection.execute("ROLLBACK TO change") }
                    try await connection.execute("RELEASE change")
                }
                try await connection.execute("COMMIT")
            } catch {
                try? await connection.execute("ROLLBACK")
                failure = SQLiteExecutionStore.storeError(error)
            }
            release()
            for settle in settles { settle(failure) }
            if let failure { for item in items.dropFirst(settles.count) { item.fail(failure) } }
        }
        groupRunning = false
    }

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    ///
    /// The transaction runs in a task of its own, so cancelling the caller can never leave it open
    /// half-way (which would make every later `BEGIN` fail).
    @discardableResult
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await Task { try await self.runTransaction(body) }.value
    }

    private func runTransaction<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
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
