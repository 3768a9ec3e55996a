import Foundation
import Logging
import Store
import Synchronization

/// Feeds due timers of owned shards to their processors. Timers live in the store, so they fire
/// after a restart or a takeover too; a timer is handed out once until its processor is done with it.
final class TimerPoller: Sendable {
    private let inFlight = Mutex(Set<String>())
    private let signal = WakeSignal()
    let interval: Duration

    init(interval: Duration = .milliseconds(100)) {
        self.interval = interval
    }

    /// The processor finished with these timers (fired, ignored or failed to commit).
    func done(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        inFlight.withLock { set in for id in ids { set.remove(id) } }
    }

    /// A commit added timers: look again soon.
    func wake() {}

    /// Polls until cancelled.
    func run(store: any ExecutionStore, leases: ShardLeases, logger: Logger) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.signal.tick(every: self.interval) }
            while !Task.isCancelled {
                await signal.wait()
                guard !Task.isCancelled else { break }
                do {
                    let due = try await store.dueTimers(before: Date(), limit: 1000)
                    for timer in due {
                        guard let inbox = leases.inbox(for: timer.executionArn) else { continue }
                        let fresh = inFlight.withLock { $0.insert(timer.id).inserted }
                        if fresh, !inbox.put(.timer(timer)) { done([timer.id]) }
                    }
                } catch {
                    logger.notice("cannot read due timers; retrying", metadata: ["error": "\(error)"])
                }
            }
            group.cancelAll()
        }
    }
}
