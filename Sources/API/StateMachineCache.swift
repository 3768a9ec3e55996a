import Store
import Synchronization

/// State machine records StartExecution read recently, kept for ``lifetime`` so that a burst of
/// starts does not read the same record from the store for each one.
///
/// AWS documents the same window: StartExecution calls made shortly after UpdateStateMachine may
/// still use the previous definition and role. This process forgets a record at once when it
/// updates or deletes it; another process's change shows here within ``lifetime``.
final class StateMachineCache: Sendable {
    private struct Entry {
        var record: StateMachineRecord
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration = .seconds(1), capacity: Int = 4096) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The record of `arn`, from memory while fresh, else from `load` (not cached when it throws).
    func record(_ arn: String, now: ContinuousClock.Instant = .now,
                load: () async throws(APIError) -> StateMachineRecord) async throws(APIError) -> StateMachineRecord {
        if let entry = entries.withLock({ $0[arn] }), entry.expires > now { return entry.record }
        let record = try await load()
        let entry = Entry(record: record, expires: now + lifetime)
        entries.withLock { all in
            if all.count >= capacity { all.removeAll(keepingCapacity: true) }
            all[arn] = entry
        }
        return record
    }

    /// Forgets `arn` (this process changed or deleted it).
    func forget(_ arn: String) {
        _ = entries.withLock { $0.removeValue(forKey: arn) }
    }
}
