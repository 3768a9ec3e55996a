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

    /// A commit added a timer due at `due`: read then, if that is before the next regular read.
    func wake(at due: Date) {
        let earlier = state.withLock { s in
            if let known = s.earliest, known <= due { return false }
            s.earliest = due
            return true
        }
        if earlier { signal.wake() }
    }

    /// Polls until cancelled.
    func run(store: any ExecutionStore, leases: ShardLeases, logger: Logger) async {
        while !Task.isCancelled {
            await signal.wait(timeout: nextDelay())
            guard !Task.isCancelled else { break }
            let now = Date()
            // Woken for a timer not yet due: wait again until it is.
            if let earliest = state.withLock({ $0.earliest }), earliest.addingTimeInterval(Self.slack) > now, nextDelay() < interval {
                continue
            }
            state.withLock { s in if let e = s.earliest, e.addingTimeInterval(Self.slack) <= now { s.earliest = nil } }
            do {
                let due = try await store.dueTimers(before: now, limit: 1000)
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

    /// Stored dates have whole milliseconds: a read this long after a due date surely finds it.
    private static let slack: TimeInterval = 0.002

    /// Until the earliest announced timer is due, or `interval`, whichever is sooner.
    private func nextDelay() -> Duration {
        guard let earliest = state.withLock({ $0.earliest }) else { return interval }
        let seconds = max(0, earliest.timeIntervalSinceNow + Self.slack)
        return min(interval, .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}
