import Foundation

/// A dedicated thread that owns one ``SQLiteDatabase``: it opens it, then takes every queued job
/// at once and hands the batch to `handle`, until closed. SQLite blocks (disk syncs, lock waits),
/// so it never runs on the Swift concurrency pool; callers wait on continuations instead.
final class SQLiteThread<Job: Sendable>: @unchecked Sendable {
    /// Guards everything below.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var closing = false
    private var exited = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    private init() {}

    /// Starts the thread and returns once `open` has succeeded on it (or throws its error).
    /// - Parameters:
    ///   - name: The thread name.
    ///   - open: Opens and configures the connection.
    ///   - handle: Runs a batch of jobs; called on the thread only.
    static func start(
        name: String, open: @escaping @Sendable () throws -> SQLiteDatabase,
        handle: @escaping @Sendable ([Job], SQLiteDatabase) -> Void
    ) async throws -> SQLiteThread {
        let owner = SQLiteThread()
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let database: SQLiteDatabase
                do {
                    database = try open()
                } catch {
                    owner.exit()
                    started.resume(throwing: error)
                    return
                }
                started.resume()
                owner.run(database, handle)
            }
            thread.name = name
            thread.start()
        }
        return owner
    }

    /// Queues a job; `false` if the thread is closing (the job will never run).
    func submit(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Queues jobs together (the thread takes them in one batch); `false` if the thread is closing.
    func submit(contentsOf more: [Job]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        jobs.append(contentsOf: more)
        condition.signal()
        return true
    }

    /// Runs the jobs already queued, closes the connection and ends the thread.
    func close() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            condition.lock()
            closing = true
            if exited {
                condition.unlock()
                waiter.resume()
                return
            }
            closeWaiters.append(waiter)
            condition.signal()
            condition.unlock()
        }
    }

    private func run(_ database: SQLiteDatabase, _ handle: ([Job], SQLiteDatabase) -> Void) {
        while let batch = next() {
            handle(batch, database)
        }
        database.close()
        exit()
    }

    /// Waits for jobs; `nil` once closing and none are left.
    private func next() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !closing {
            condition.wait()
        }
        if jobs.isEmpty { return nil }
        defer { jobs.removeAll(keepingCapacity: true) }
        return jobs
    }

    private func exit() {
        condition.lock()
        closing = true
        exited = true
        let waiters = closeWaiters
        closeWaiters = []
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }
}
