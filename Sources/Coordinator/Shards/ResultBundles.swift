import AMQP
import Logging
import Messages
import Synchronization
import MessagesAMQP

/// A delivery whose content several inputs share (the results of a ``TaskResultBundle``): acked
/// once every part is settled, requeued whole when any part must be handled again.
final class SharedDelivery: Sendable {
    let delivery: AMQPDelivery
    private let consumer: AMQPConsumer
    private let state: Mutex<(remaining: Int, requeue: Bool)>

    init(_ delivery: AMQPDelivery, consumer: AMQPConsumer, parts: Int) {
        self.delivery = delivery
        self.consumer = consumer
        self.state = Mutex((parts, false))
    }

    /// Settles one part: done (`requeue: false`) or to be handled again.
    func settle(requeue: Bool) {
        let last: Bool? = state.withLock { s in
            guard s.remaining > 0 else { return nil }
            s.remaining -= 1
            s.requeue = s.requeue || requeue
            return s.remaining == 0 ? s.requeue : nil
        }
        guard let requeueWhole = last else { return }
        if requeueWhole { consumer.reject(delivery, requeue: true) } else { consumer.ack(delivery) }
    }
}

/// Splits result bundles delivered to a shard queue among the shards their results belong to.
enum ResultBundles {
    /// Whether a delivery is a result bundle.
    static func isBundle(_ delivery: AMQPDelivery) -> Bool {
        if case .string(let schema)? = delivery.properties.headers[WireNames.schemaHeader] {
            return schema == TaskResultBundle.schema
        }
        return false
    }

    /// Hands each result of `delivery` to the inbox of its shard when `inbox` gives one, and
    /// publishes the others (confirmed) to their shards' queues; the delivery is acked once every
    /// result is committed or passed on. An undecodable bundle is dead-lettered.
    static func route(_ delivery: AMQPDelivery, inbox: (Int) -> ShardInbox?, consumer: AMQPConsumer,
                      publisher: AMQPPublisher, logger: Logger) async {
        let results: [TaskResultMessage]
        do throws(MessageError) {
            results = try TaskResultBundle.decode(WireMessage(delivery))
        } catch {
            logger.warning("dead-lettering a malformed result bundle", metadata: ["error": "\(error)", "bytes": "\(delivery.body.count)"])
            consumer.reject(delivery, requeue: false)
            return
        }
        let shared = SharedDelivery(delivery, consumer: consumer, parts: results.count)
        var elsewhere: [Int: [TaskResultMessage]] = [:]
        for result in results {
            let shard = Shards.shard(of: result.executionArn)
            if let inbox = inbox(shard), inbox.put(.part(shared, result)) { continue }
            elsewhere[shard, default: []].append(result)
        }
        guard !elsewhere.isEmpty else { return }
        let messages = elsewhere.map { shard, group in
            AMQPOutgoingMessage(group.count == 1 ? group[0].encoded() : TaskResultBundle.encoded(group),
                                exchange: delivery.exchange, routingKey: Shards.queue(shard))
        }
        let count = elsewhere.values.reduce(0) { $0 + $1.count }
        do {
            try await publisher.publish(messages)
            for _ in 0..<count { shared.settle(requeue: false) }
        } catch {
            logger.notice("cannot pass results on to their shards; requeueing the bundle", metadata: ["error": "\(error)"])
            for _ in 0..<count { shared.settle(requeue: true) }
        }
    }
}
