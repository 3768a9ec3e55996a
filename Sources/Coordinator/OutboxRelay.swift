import AMQP
import ASL
import Logging
import Messages
import Store
import Synchronization
import Worker

/// Publishes the outbox: messages committed with execution changes, for the shards this
/// coordinator owns. Each round reads pending messages, declares any task queue not yet
/// declared, publishes them with confirms, then deletes them. A crash between publish and
/// delete re-publishes them after the restart (at-least-once; receivers drop duplicates).
final class OutboxRelay: Sendable {
    private let signal = WakeSignal()
    private let declared = Mutex(Set<String>())
    private let publisher: AMQPPublisher
    private let batchSize: Int

    init(publisher: AMQPPublisher, batchSize: Int = 500) {
        self.publisher = publisher
        self.batchSize = batchSize
    }

    /// New messages were committed.
    func wake() { signal.wake() }

    /// Relays until cancelled.
    func run(store: any ExecutionStore, leases: ShardLeases, logger: Logger) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.signal.tick(every: .milliseconds(100)) }
            var busy = false
            while !Task.isCancelled {
                if !busy { await signal.wait() }
                guard !Task.isCancelled else { break }
                do {
                    let pending = try await store.pendingOutbox(limit: batchSize)
                    let mine = pending.filter { leases.owns(executionArn: $0.message.executionArn) }
                    busy = pending.count == batchSize && !mine.isEmpty
                    guard !mine.isEmpty else { continue }
                    try await declareQueues(for: mine)
                    try await publisher.publish(mine.map { Self.message($0.message) })
                    try await store.deleteOutbox(ids: mine.map(\.id))
                } catch is CancellationError {
                    break
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
    private func declareQueues(for entries: [OutboxEntry]) async throws {
        let queues = Set(entries.map(\.message.routingKey)).filter {
            $0.hasPrefix(WireNames.functionQueuePrefix) || $0.hasPrefix(WireNames.activityQueuePrefix)
        }
        let missing = declared.withLock { set in queues.subtracting(set) }
        guard !missing.isEmpty else { return }
        try await publisher.declare(WorkerTopology.consumer(queues: missing.sorted()))
        declared.withLock { $0.formUnion(missing) }
    }

    static func message(_ m: OutboxMessage) -> AMQPOutgoingMessage {
        var headers: [String: AMQPFieldValue] = [:]
        if let object = try? JSON(parsing: m.headers).objectValue {
            for (key, value) in object { if let s = value.stringValue { headers[key] = .string(s) } }
        }
        return AMQPOutgoingMessage(exchange: m.exchange, routingKey: m.routingKey, body: m.body,
                                   properties: AMQPProperties(contentType: WireNames.contentType, headers: headers))
    }
}
