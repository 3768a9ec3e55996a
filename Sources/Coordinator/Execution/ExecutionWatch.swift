import Synchronization

/// Lets a caller wait for an execution's end as its coordinator commits it (StopExecution waits
/// for the stop this way, instead of reading the store in a loop). Only ends committed in this
/// process are seen; a waiter gives up after its timeout, and the caller reads the store.
public final class ExecutionWatch: Sendable {
    /// One caller's interest in one execution's end.
    public final class Waiter: Sendable {
        let arn: String
        private struct State {
            var ended = false
            /// Cancelled: waits return at once.
            var done = false
            var continuation: CheckedContinuation<Void, Never>?
        }

        private let state = Mutex(State())
        private let watch: ExecutionWatch

        init(arn: String, watch: ExecutionWatch) {
            self.arn = arn
            self.watch = watch
        }

        /// Returns when the execution ends (at once if it has), after `timeout`, or when cancelled;
        /// true when it ended.
        public func wait(timeout: Duration) async -> Bool {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask { await self.waitForEnd() }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
        }

        /// Stops watching.
        public func cancel() {
            watch.remove(self)
            fire(ended: false)
        }

        private func waitForEnd() async -> Bool {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.ended || s.done { return true }
                        s.continuation = c
                        return false
                    }
                    if now { c.resume() }
                }
                return state.withLock { $0.ended }
            } onCancel: {
                let c = state.withLock { s in defer { s.continuation = nil }; return s.continuation }
                c?.resume()
            }
        }

        func fire(ended: Bool) {
            let c = state.withLock { s in
                if ended { s.ended = true }
                s.done = true
                defer { s.continuation = nil }
                return s.continuation
            }
            c?.resume()
        }
    }

    private let waiters = Mutex<[String: [Waiter]]>([:])

    public init() {}

    func register(_ arn: String) -> Waiter {
        let waiter = Waiter(arn: arn, watch: self)
        waiters.withLock { $0[arn, default: []].append(waiter) }
        return waiter
    }

    func remove(_ waiter: Waiter) {
        waiters.withLock { w in
            w[waiter.arn]?.removeAll { $0 === waiter }
            if w[waiter.arn]?.isEmpty == true { w[waiter.arn] = nil }
        }
    }

    /// The execution's end was committed.
    func ended(_ arn: String) {
        guard let list = waiters.withLock({ $0.removeValue(forKey: arn) }) else { return }
        for waiter in list { waiter.fire(ended: true) }
    }
}
