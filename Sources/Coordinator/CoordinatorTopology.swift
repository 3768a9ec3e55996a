public import AMQP
import Messages
public import MessagesAMQP

/// The queues a coordinator declares: the start queue and one queue per shard.
///
/// Shard queues are durable queues with single-active-consumer (a second guard beside the shard
/// leases: the broker never delivers one shard to two consumers at once) that dead-letter to
/// `stepwise.dead-letter`; classic or quorum as ``QueueProfile`` says.
public enum CoordinatorTopology {
    /// The topology with classic queues (one broker node).
    public static var standard: AMQPTopology { standard(.classic) }

    /// The topology with queues of `profile`.
    public static func standard(_ profile: QueueProfile) -> AMQPTopology {
        let dlx = WireNames.deadLetterExchange
        var queues = [profile.queue(WireNames.startQueue, deadLetterExchange: dlx)]
        var bindings = [AMQPTopology.Binding(queue: WireNames.startQueue, exchange: WireNames.exchange, routingKey: WireNames.startQueue)]
        for shard in 0..<Shards.count {
            let name = Shards.queue(shard)
            queues.append(profile.queue(name, deadLetterExchange: dlx, singleActiveConsumer: true))
            bindings.append(.init(queue: name, exchange: WireNames.exchange, routingKey: name))
        }
        return AMQPTopology(
            exchanges: [.init(WireNames.exchange, kind: .direct), .init(dlx, kind: .fanout)],
            queues: queues, bindings: bindings)
    }
}
