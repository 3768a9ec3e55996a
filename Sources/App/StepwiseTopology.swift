public import AMQP
import Messages
public import MessagesAMQP

/// The exchanges and queues every Stepwise process declares.
public enum StepwiseTopology {
    /// Where messages that a queue rejects or that expire end up, for inspection.
    public static let deadLetterExchange = WireNames.deadLetterExchange
    public static let deadLetterQueue = "stepwise.dead-letters"
    /// Routes task invocations to per-resource queues and results back to coordinators.
    public static let exchange = WireNames.exchange
    /// Start requests for new executions (from the API and from parent executions).
    public static let startQueue = WireNames.startQueue
    /// Task results from workers.
    public static let resultQueue = WireNames.resultQueue

    /// The topology with classic queues (one broker node).
    public static var standard: AMQPTopology { standard(.classic) }

    /// The topology with queues of `profile` (classic, or quorum: replicated).
    public static func standard(_ profile: QueueProfile) -> AMQPTopology {
        AMQPTopology(
            exchanges: [
                .init(exchange, kind: .direct),
                .init(deadLetterExchange, kind: .fanout),
            ],
            queues: [
                profile.queue(deadLetterQueue, deadLetterExchange: nil),
                profile.queue(startQueue, deadLetterExchange: deadLetterExchange),
                profile.queue(resultQueue, deadLetterExchange: deadLetterExchange),
            ],
            bindings: [
                .init(queue: deadLetterQueue, exchange: deadLetterExchange, routingKey: ""),
                .init(queue: startQueue, exchange: exchange, routingKey: startQueue),
                .init(queue: resultQueue, exchange: exchange, routingKey: resultQueue),
            ]
        )
    }
}
