import AMQP
import Messages
import MessagesAMQP
import Synchronization

/// Publishes the results of one invocation bundle: results that finish while an earlier publish
/// is in flight go together, those for coordinators' shard queues in one ``TaskResultBundle``.
/// Each caller returns once its own result is confirmed (or with the publish's error).
final class ResultBatcher: Sendable {
    private struct Entry {
        var result: TaskResultMessage
        var address: ReplyAddress
        var done: CheckedContinuation<Result<Void, any Error>, Never>
    }

    private struct State {
        var pending: [Entry] = []
        /// ``run()`` waiting for results.
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let publisher: AMQPPublisher
    private let state = Mutex(State())

    init(publisher: AMQPPublisher) {
        self.publisher = publisher
    }

    /// Publishes `result` to `address`, possibly together with others; returns once it is confirmed.
    func publish(_ result: TaskResultMessage, to address: ReplyAddress) async throws {
        let outcome = await withCheckedContinuation { (done: CheckedContinuation<Result<Void, any Error>, Never>) in
            let waiter = state.withLock { s in
                s.pending.append(Entry(result: result, address: address, done: done))
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
        try outcome.get()
    }

    /// No more results will come: ``run()`` returns once the pending ones are published.
    func finish() {
        let waiter = state.withLock { s in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Publishes what is pending, round after round, until ``finish()`` (run it beside the
    /// bundle's handlers, in their task group).
    func run() async {
        while true {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if !s.pending.isEmpty || s.finished { return true }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
            await Task.yield()  // results finishing at the same moment join this round
            let (batch, finished) = state.withLock { s in
                defer { s.pending = [] }
                return (s.pending, s.finished)
            }
            if batch.isEmpty {
                if finished { return }
                continue
            }
            await publish(batch)
        }
    }

    /// Publishes one round: together, or one message at a time when that fails.
    private func publish(_ batch: [Entry]) async {
        let groups = Self.messages(batch.map { ($0.result, $0.address) })
        do {
            try await publisher.publish(groups.map(\.message))
            for entry in batch { entry.done.resume(returning: .success(())) }
        } catch {
            // One bad message (an unknown exchange) fails the whole publish: send them one by
            // one so that each result gets its own outcome.
            for group in groups {
                let outcome: Result<Void, any Error>
                do {
                    try await publisher.publish(group.message)
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                for index in group.entries { batch[index].done.resume(returning: outcome) }
            }
        }
    }

    /// The messages for `results`, each with the indexes of the results it carries: those addressed
    /// to shard queues through one exchange go in one bundle (to the first one's address), the
    /// others alone.
    static func messages(_ results: [(TaskResultMessage, ReplyAddress)]) -> [(message: AMQPOutgoingMessage, entries: [Int])] {
        var out: [(message: AMQPOutgoingMessage, entries: [Int])] = []
        var bundles: [String: (address: ReplyAddress, entries: [Int])] = [:]
        var order: [String] = []
        for (index, (result, address)) in results.enumerated() {
            guard address.routingKey.hasPrefix(WireNames.shardQueuePrefix) else {
                out.append((AMQPOutgoingMessage(result.encoded(), exchange: address.exchange, routingKey: address.routingKey), [index]))
                continue
            }
            if bundles[address.exchange] == nil {
                bundles[address.exchange] = (address, [])
                order.append(address.exchange)
            }
            bundles[address.exchange]?.entries.append(index)
        }
        for exchange in order {
            guard let (address, entries) = bundles[exchange] else { continue }
            let message = entries.count == 1 ? results[entries[0]].0.encoded() : TaskResultBundle.encoded(entries.map { results[$0].0 })
            out.append((AMQPOutgoingMessage(message, exchange: address.exchange, routingKey: address.routingKey), entries))
        }
        return out
    }
}
