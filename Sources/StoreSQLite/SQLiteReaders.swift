import Store
import Synchronization

/// A few read-only connections, each on its own thread, used in turn. WAL lets them read
/// alongside the writer; each statement sees the last committed state.
final class SQLiteReaders: Sendable {
    typealias Job = @Sendable (SQLiteDatabase) -> Void

    private let threads: [SQLiteThread<Job>]
    private let next = Mutex(0)

    private init(threads: [SQLiteThread<Job>]) {
        self.threads = threads
    }

    /// Starts `count` reader threads (at least one) on connections made by `open`.
    static func start(count: Int, name: String, open: @escaping @Sendable () throws -> SQLiteDatabase) async throws -> SQLiteReaders {
        var threads: [SQLiteThread<Job>] = []
        do {
            for index in 0..<max(1, count) {
                threads.append(try await SQLiteThread.start(name: "\(name)-\(index)", open: open, handle: { jobs, database in
                    for job in jobs { job(database) }
                }))
            }
        } catch {
            for thread in threads { await thread.close() }
            throw error
        }
        return SQLiteReaders(threads: threads)
    }

    /// Runs one statement on the next reader and returns its rows.
    func rows(_ sql: String, _ binds: [SQLiteValue]) async throws -> [SQLiteRow] {
        let index = next.withLock { value in
            value = (value + 1) % threads.count
            return value
        }
        return try await withCheckedThrowingContinuation { (c: CheckedContinuation<[SQLiteRow], any Error>) in
            let submitted = threads[index].submit { database in
                c.resume(with: Result { try database.rows(sql, binds) }.mapError(SQLiteError.storeError))
            }
            if !submitted {
                c.resume(throwing: StoreError.backend.with(message: "the SQLite store is closed"))
            }
        }
    }

    /// Closes every reader connection.
    func close() async {
        for thread in threads { await thread.close() }
    }
}
