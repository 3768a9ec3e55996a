import Synchronization

/// Lets a caller wait for an execution's end as its coordinator commits it (StopExecution waits
/// for the stop this way, instead of reading the store in a loop). Only ends committed in this
/// process are seen; a waiter gives up after its timeout, and the caller reads the store.
public final class ExecutionWatch: Sendable {
    /// One caller's interest in one execution's end.
    public final class Waiter: Sendable {
        let arn: String
        private let ended = Atomic<Bool>(false)
        private let signal = WakeSignal()
        private let watch: ExecutionWatch

        init(arn: String, watch: ExecutionWatch) {
            self.arn = arn
            self.watch = watch
        }

        /// Returns when the execution ends (at once if it has), after `timeout`, or once
        /// ``cancel()`` was called; true when it ended.
        public func wait(timeout: Duration) async -> Bool {
            if !ended.load(ordering: .acquiring) { await signal.wait(timeout: timeout) }
            return ended.load(ordering: .acquiring)
        }

        /// Stops watching: a wait in progress (or the next one) returns.
        public func cancel() {
            watch.remove(self)
            signal.wake()
        }

        func fire() {
            ended.store(true, ordering: .releasing)
            signal.wake()
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
        for waiter in list { waiter.fire() }
    }
}
