import Foundation
import Logging
import Store
import Synchronization

/// Feeds due timers of owned shards to their processors. Timers live in the store, so they fire
/// after a restart or a takeover too; a timer is handed out once until its processor is done with it.
///
/// It reads due timers every `interval`, and earlier when a commit adds a timer due before the
/// next read (``wake(at:)``), so a short Wait or a Retry's back-off fires on time.
final class TimerPoller: Sendable {
    private struct State {
        var inFlight = Set<String>()
        /// The earliest due date a commit announced that no read has covered yet.
        var earliest: Date?
    }

    private let state = Mutex(State())
    private let signal = WakeSignal()
    let interval: Duration

    init(interval: Duration = .milliseconds(100)) {
        self.interval = interval
    }

    /// The processor finished with these timers (fired, ignored or failed to commit).
    func done(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        state.withLock { s in for id in ids { s.inFlight.remove(id) } }
    }

    /// A commit added a timer due at `due`: read then, if that is before the next regular read
    /// (a later timer is found by the regular reads).
    func wake(at due: Date) {
        guard due < Date().addingTimeInterval(interval.timeInterval) else { return }
        let earlier = state.withLock { s in
            if let known = s.earliest, known <= due { return false }
            s.earliest = due
            return true
        }
        if earlier { signal.wake() }
    }

    /// Reads due timers every `interval`, and as soon as an announced timer is due, until cancelled.
    func run(store: any ExecutionStore, leases: ShardLeases, logger: Logger) async {
        var nextRead = ContinuousClock.now + interval
        while !Task.isCancelled {
            // Read when the regular interval is up or an announced timer is due (a few ms after
            // it: stored dates have whole milliseconds); a wake for an earlier timer recomputes this.
            let announced = state.withLock { $0.earliest }.map { ContinuousClock.now + .seconds($0.timeIntervalSinceNow + 0.002) }
            let readAt = min(nextRead, announced ?? nextRead)
            if readAt > ContinuousClock.now {
                await signal.wait(timeout: readAt - ContinuousClock.now)
                continue
            }
            guard !Task.isCancelled else { break }
            let now = Date()
            nextRead = ContinuousClock.now + interval
            state.withLock { s in if let e = s.earliest, e.addingTimeInterval(0.001) <= now { s.earliest = nil } }
            do {
                let due = try await store.dueTimers(shards: leases.ownedShards, before: now, limit: 1000)
                for timer in due {
                    guard let inbox = leases.inbox(for: timer.executionArn) else { continue }
                    let fresh = state.withLock { $0.inFlight.insert(timer.id).inserted }
                    if fresh, !inbox.put(.timer(timer)) { done([timer.id]) }
                }
            } catch {
                logger.notice("cannot read due timers; retrying", metadata: ["error": "\(error)"])
            }
        }
    }
}
