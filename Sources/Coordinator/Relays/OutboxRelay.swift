import AMQP
import ASL
import JSONValue
import Logging
import Messages
import Store
import Synchronization
import MessagesAMQP

/// Publishes the outbox: messages committed with execution changes, for the shards this
/// coordinator owns. Each round reads pending messages, declares any task queue not yet
/// declared, publishes them with confirms, then deletes them. A crash between publish and
/// delete re-publishes them after the restart (at-least-once; receivers drop duplicates).
final class OutboxRelay: Sendable {
    private let signal = WakeSignal()
    private let declared = Mutex(Set<String>())
    private let batchSize: Int

    private let bundleSize: Int
    private let interval: Duration
    private let profile: QueueProfile

    /// - Parameters:
    ///   - batchSize: Outbox rows read per round.
    ///   - bundleSize: At most this many invocations of one function queue travel in one message
    ///     (``TaskInvocationBundle``); 1 sends each alone.
    ///   - interval: How often the outbox is read without a wake.
    init(batchSize: Int = 500, bundleSize: Int = 16, interval: Duration = .milliseconds(100), queues: QueueProfile = .classic) {
        self.profile = queues
        self.interval = interval
        self.batchSize = batchSize
        self.bundleSize = bundleSize
    }

    /// New messages were committed.
    func wake() { signal.wake() }

    /// Relays until cancelled.
    func run(publisher: AMQPPublisher, store: any ExecutionStore, leases: ShardLeases, metrics: CoordinatorMetrics, logger: Logger) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.signal.tick(every: self.interval) }
            var busy = false
            while !Task.isCancelled {
                if !busy { await signal.wait() }
                guard !Task.isCancelled else { break }
                do {
                    let pending = try await store.pendingOutbox(shards: leases.ownedShards, limit: batchSize)
                    metrics.outbox(oldest: pending.lazy.map(\.message.createdDate).min())
                    let mine = pending.filter { leases.owns(executionArn: $0.message.executionArn) }
                    busy = pending.count == batchSize && !mine.isEmpty
                    guard !mine.isEmpty else { continue }
                    try await declareQueues(for: mine, publisher: publisher)
                    try await publisher.publish(Self.messages(mine.map(\.message), bundleSize: bundleSize))
                    try await store.deleteOutbox(ids: mine.map(\.id))
                } catch is CancellationError {
                    break
                } catch let error as AMQPError where error == .queueMismatch("") {
                    // A worker declared the task queue with another type: only a person can fix it.
                    busy = false
                    logger.error("outbox relay cannot declare a task queue; retrying in 10 s", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(10))
                } catch {
                    busy = false
                    logger.notice("outbox relay round failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            group.cancelAll()
        }
    }

    /// Task queues must exist before the first invocation is published, or the broker drops it.
    private func declareQueues(for entries: [OutboxEntry], publisher: AMQPPublisher) async throws {
        let queues = Set(entries.map(\.message.routingKey)).filter {
            $0.hasPrefix(WireNames.functionQueuePrefix) || $0.hasPrefix(WireNames.activityQueuePrefix)
        }
        let missing = declared.withLock { set in queues.subtracting(set) }
        guard !missing.isEmpty else { return }
        try await publisher.declare(WorkerTopology.consumer(queues: missing.sorted(), profile: profile))
        declared.withLock { $0.formUnion(missing) }
    }

    /// The messages of one round, in order, except that invocations for the same function queue
    /// go together in bundles of up to `bundleSize`.
    static func messages(_ outbox: [OutboxMessage], bundleSize: Int) -> [AMQPOutgoingMessage] {
        var messages: [AMQPOutgoingMessage] = []
        var groups: [String: [(message: OutboxMessage, headers: [String: String])]] = [:]
        var order: [String] = []
        for m in outbox {
            let headers = Self.headers(m)
            guard bundleSize > 1, m.routingKey.hasPrefix(WireNames.functionQueuePrefix),
                  headers[WireNames.schemaHeader] == TaskInvocationMessage.schema else {
                messages.append(message(m, headers: headers))
                continue
            }
            let queue = m.exchange + "\u{0}" + m.routingKey
            if groups[queue] == nil { order.append(queue) }
            groups[queue, default: []].append((m, headers))
        }
        for queue in order {
            let group = groups[queue] ?? []
            for start in stride(from: 0, to: group.count, by: bundleSize) {
                let chunk = group[start..<min(start + bundleSize, group.count)]
                guard let first = chunk.first, chunk.count > 1 else {
                    messages.append(contentsOf: chunk.map { message($0.message, headers: $0.headers) })
                    continue
                }
                let bundle = TaskInvocationBundle.encoded(bodies: chunk.map(\.message.body))
                messages.append(AMQPOutgoingMessage(
                    exchange: first.message.exchange, routingKey: first.message.routingKey, body: bundle.body,
                    properties: AMQPProperties(contentType: WireNames.contentType, headers: bundle.headers.mapValues { .string($0) })))
            }
        }
        return messages
    }

    private static func headers(_ m: OutboxMessage) -> [String: String] {
        var headers: [String: String] = [:]
        if let object = try? JSON(parsing: m.headers).objectValue {
            for (key, value) in object { if let s = value.stringValue { headers[key] = s } }
        }
        return headers
    }

    private static func message(_ m: OutboxMessage, headers: [String: String]) -> AMQPOutgoingMessage {
        AMQPOutgoingMessage(exchange: m.exchange, routingKey: m.routingKey, body: m.body,
                            properties: AMQPProperties(contentType: WireNames.contentType, headers: headers.mapValues { .string($0) }))
    }
}
