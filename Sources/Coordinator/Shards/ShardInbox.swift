import Synchronization

/// A queue of inputs for one shard that its processor drains in batches (so that many events
/// become one round of commits).
final class ShardInbox: Sendable {
    private struct State {
        var items: [ShardInput] = []
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// Adds an input; returns false when the inbox is closed (the caller must hand it back).
    @discardableResult
    func put(_ item: ShardInput) -> Bool {
        // Accepted or not is decided under the same lock as the append: an item accepted here
        // is handed back by `close()`, never also by the caller.
        let (accepted, waiter): (Bool, CheckedContinuation<Void, Never>?) = state.withLock { s in
            guard !s.closed else { return (false, nil) }
            s.items.append(item)
            defer { s.waiter = nil }
            return (true, s.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Up to `max` inputs, waiting until there is at least one; nil once closed and empty.
    func take(max: Int) async -> [ShardInput]? {
        while true {
            let batch: [ShardInput]?? = state.withLock { s in
                if !s.items.isEmpty {
                    let n = Swift.min(max, s.items.count)
                    let batch = Array(s.items.prefix(n))
                    s.items.removeFirst(n)
                    return .some(batch)
                }
                return s.closed ? .some(nil) : nil
            }
            if let batch { return batch }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s in
                    if !s.items.isEmpty || s.closed { return true }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
    }

    /// Stops accepting inputs and wakes the processor; returns what was never taken.
    func close() -> [ShardInput] {
        let (items, waiter) = state.withLock { s in
            s.closed = true
            let items = s.items
            s.items = []
            defer { s.waiter = nil }
            return (items, s.waiter)
        }
        waiter?.resume()
        return items
    }
}
