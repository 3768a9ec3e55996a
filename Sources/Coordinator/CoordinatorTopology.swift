public import AMQP
import Messages

/// The queues a coordinator declares: the start queue and one queue per shard.
///
/// Shard queues are durable classic queues with single-active-consumer (a second guard beside
/// the shard leases: the broker never delivers one shard to two consumers at once) that
/// dead-letter to `stepwise.dead-letter`.
public enum CoordinatorTopology {
    public static var standard: AMQPTopology {
        var queues = [AMQPTopology.Queue(WireNames.startQueue, deadLetterExchange: WireNames.deadLetterExchange)]
        var bindings = [AMQPTopology.Binding(queue: WireNames.startQueue, exchange: WireNames.exchange, routingKey: WireNames.startQueue)]
        for shard in 0..<Shards.count {
            let name = Shards.queue(shard)
            queues.append(AMQPTopology.Queue(name, deadLetterExchange: WireNames.deadLetterExchange,
                                             arguments: ["x-single-active-consumer": .bool(true)]))
            bindings.append(.init(queue: name, exchange: WireNames.exchange, routingKey: name))
        }
        return AMQPTopology(
            exchanges: [.init(WireNames.exchange, kind: .direct), .init(WireNames.deadLetterExchange, kind: .fanout)],
            queues: queues, bindings: bindings)
    }
}
