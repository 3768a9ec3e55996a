import Synchronization

/// Group commit: callers submit items one at a time, and items submitted while a batch is in
/// flight go together in the next one (one statement, one round trip, one WAL flush).
///
/// No task of its own: the first caller to find the queue idle leads, running batches with the
/// `run` it passed; when its own item is settled it hands the lead to the oldest waiting caller,
/// so each caller waits for at most the batch in flight and its own.
final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
    private final class Ticket: Sendable {
        enum State {
            case waiting(CheckedContinuation<Settled, Never>?)
            case settled(Settled)
        }

        enum Settled {
            case done(Outcome)
            case lead
        }

        let item: Item
        private let state = Mutex(State.waiting(nil))

        init(_ item: Item) { self.item = item }

        func settle(_ value: Settled) {
            let waiter: CheckedContinuation<Settled, Never>? = state.withLock { s in
                guard case .waiting(let c) = s else { return nil }
                if c == nil { s = .settled(value) } else { s = .waiting(nil) }
                return c
            }
            waiter?.resume(returning: value)
        }

        func wait() async -> Settled {
            await withCheckedContinuation { c in
                let ready: Settled? = state.withLock { s in
                    if case .settled(let value) = s {
                        s = .waiting(nil)
                        return value
                    }
                    s = .waiting(c)
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
        }
    }

    private struct State {
        var pending: [Ticket] = []
        var leading = false
    }

    private let state = Mutex(State())
    private let maxBatch: Int

    /// - Parameter maxBatch: The most items one batch takes.
    init(maxBatch: Int) {
        self.maxBatch = max(1, maxBatch)
    }

    /// Adds `item` to the next batch and returns its outcome.
    /// - Parameter run: Applies a batch, returning one outcome per item in order.
    func submit(_ item: Item, run: @Sendable ([Item]) async -> [Outcome]) async -> Outcome {
        let ticket = Ticket(item)
        var leads = state.withLock { s in
            s.pending.append(ticket)
            if s.leading { return false }
            s.leading = true
            return true
        }
        while true {
            if leads {
                let batch = state.withLock { s in
                    let batch = Array(s.pending.prefix(maxBatch))
                    s.pending.removeFirst(batch.count)
                    return batch
                }
                let outcomes = await run(batch.map(\.item))
                for (index, waiting) in batch.enumerated() where waiting !== ticket {
                    waiting.settle(.done(outcomes[index]))
                }
                let next = state.withLock { s in
                    if s.pending.isEmpty { s.leading = false }
                    return s.pending.first
                }
                next?.settle(.lead)
                if let own = batch.firstIndex(where: { $0 === ticket }) { return outcomes[own] }
                leads = false
            }
            switch await ticket.wait() {
            case .done(let outcome): return outcome
            case .lead: leads = true
            }
        }
    }
}
