import Store
import Synchronization

/// The single writer: one connection on its own thread, one transaction at a time, in FIFO order.
///
/// Group commit: changes submitted while a transaction is running wait and then share the next
/// transaction (`BEGIN IMMEDIATE … COMMIT`, one sync to disk), and one change's failure rolls back
/// only that change (see ``runGroup(_:_:)``). The whole transaction runs synchronously
/// on the writer thread, so each statement is a plain `sqlite3_step`. Callers hear of success only
/// after `COMMIT`. A change, once submitted, runs to its end whatever happens to the caller: a
/// cancelled caller can never leave a transaction open.
final class SQLiteWriter: Sendable {
    /// One change: runs it (returning whether it succeeded and how to report the outcome once the
    /// transaction is settled), or reports a failure without running it.
    struct Change: Sendable {
        let run: @Sendable (SQLiteDatabase) -> (ok: Bool, settle: @Sendable (StoreError?) -> Void)
        let fail: @Sendable (StoreError) -> Void
    }

    private let thread: SQLiteThread<Change>

    private init(thread: SQLiteThread<Change>) {
        self.thread = thread
    }

    /// Starts the writer thread on a connection made by `open`.
    static func start(name: String, open: @escaping @Sendable () throws -> SQLiteDatabase) async throws -> SQLiteWriter {
        SQLiteWriter(thread: try await SQLiteThread.start(name: name, open: open, handle: runGroup))
    }

    /// Runs `body` on the writer thread in a transaction shared with other changes (see the type's notes).
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            if !thread.submit(Self.change(body, report: { c.resume(with: $0.mapError { $0 }) })) {
                c.resume(throwing: Self.closed)
            }
        }
    }

    /// Runs each body as its own change, all submitted together so that they share a transaction,
    /// and returns their outcomes in order (one continuation for all of them).
    func writeEach<T: Sendable>(_ bodies: [@Sendable (SQLiteDatabase) throws -> T]) async -> [Result<T, StoreError>] {
        guard !bodies.isEmpty else { return [] }
        return await withCheckedContinuation { (c: CheckedContinuation<[Result<T, StoreError>], Never>) in
            let outcomes = Outcomes<T>(count: bodies.count, continuation: c)
            let changes = bodies.enumerated().map { index, body in
                Self.change(body, report: { outcomes.set(index, $0) })
            }
            if !thread.submit(contentsOf: changes) {
                c.resume(returning: bodies.map { _ in .failure(Self.closed) })
            }
        }
    }

    private static let closed = StoreError.backend.with(message: "the SQLite store is closed")

    /// The change that runs `body` and reports its outcome exactly once: the body's result once the
    /// transaction has committed, the commit's error if it did not, or the failure that kept it from running.
    private static func change<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T,
                                            report: @escaping @Sendable (Result<T, StoreError>) -> Void) -> Change {
        Change(run: { database in
            let outcome: Result<T, StoreError>
            do { outcome = .success(try body(database)) } catch { outcome = .failure(SQLiteError.storeError(error)) }
            let ok = if case .success = outcome { true } else { false }
            return (ok, { commitError in report(commitError.map { .failure($0) } ?? outcome) })
        }, fail: { report(.failure($0)) })
    }

    /// Runs the changes already submitted, then closes the connection.
    func close() async {
        await thread.close()
    }

    /// Runs one group transaction on the writer thread.
    ///
    /// First without savepoints (their page copies cost more than the changes themselves): if every
    /// change succeeds, that transaction commits. If one fails, it is rolled back, unseen by any
    /// caller, and the group runs again with a savepoint per change.
    private static func runGroup(_ changes: [Change], _ database: SQLiteDatabase) {
        var settles: [@Sendable (StoreError?) -> Void] = []
        settles.reserveCapacity(changes.count)
        var failure: StoreError? = nil
        do {
            if try !runTogether(changes, database, &settles) {
                settles.removeAll(keepingCapacity: true)
                try runSeparately(changes, database, &settles)
            }
        } catch {
            if database.inTransaction { try? database.execute("ROLLBACK") }
            failure = SQLiteError.storeError(error)
        }
        for settle in settles { settle(failure) }
        if let failure {
            for change in changes.dropFirst(settles.count) { change.fail(failure) }
        }
    }

    /// One transaction without savepoints; `false` (rolled back) as soon as a change fails.
    private static func runTogether(
        _ changes: [Change], _ database: SQLiteDatabase, _ settles: inout [@Sendable (StoreError?) -> Void]
    ) throws -> Bool {
        try database.execute("BEGIN IMMEDIATE")
        for change in changes {
            let (ok, settle) = change.run(database)
            guard ok else {
                if database.inTransaction { try database.execute("ROLLBACK") }
                return false
            }
            settles.append(settle)
        }
        try database.execute("COMMIT")
        return true
    }

    /// One transaction with each change in its own savepoint, so a failure rolls back only that change.
    private static func runSeparately(
        _ changes: [Change], _ database: SQLiteDatabase, _ settles: inout [@Sendable (StoreError?) -> Void]
    ) throws {
        try database.execute("BEGIN IMMEDIATE")
        for change in changes {
            try database.execute("SAVEPOINT change")
            let (ok, settle) = change.run(database)
            settles.append(settle)
            if !ok { try database.execute("ROLLBACK TO change") }
            try database.execute("RELEASE change")
        }
        try database.execute("COMMIT")
    }
}

/// The outcomes of ``SQLiteWriter/writeEach(_:)``, handed back once all are known.
private final class Outcomes<T: Sendable>: Sendable {
    private struct State {
        var outcomes: [Result<T, StoreError>?]
        var remaining: Int
    }

    private let state: Mutex<State>
    private let continuation: CheckedContinuation<[Result<T, StoreError>], Never>

    init(count: Int, continuation: CheckedContinuation<[Result<T, StoreError>], Never>) {
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), remaining: count))
        self.continuation = continuation
    }

    func set(_ index: Int, _ outcome: Result<T, StoreError>) {
        let done: [Result<T, StoreError>]? = state.withLock { state in
            guard state.outcomes[index] == nil else { return nil }
            state.outcomes[index] = outcome
            state.remaining -= 1
            return state.remaining == 0 ? state.outcomes.map { $0! } : nil
        }
        if let done { continuation.resume(returning: done) }
    }
}
