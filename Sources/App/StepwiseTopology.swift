public import AMQP
import Messages

/// The exchanges and queues every Stepwise process declares.
public enum StepwiseTopology {
    /// Where messages that a queue rejects or that expire end up, for inspection.
    public static let deadLetterExchange = WireNames.deadLetterExchange
    public static let deadLetterQueue = "stepwise.dead-letters"
    /// Routes task invocations to per-resource queues and results back to coordinators.
    public static let exchange = WireNames.exchange
    /// Start requests for new executions (from the API and from parent executions).
    public static let startQueue = "stepwise.executions.start"
    /// Task results from workers.
    public static let resultQueue = WireNames.resultQueue

    public static var standard: AMQPTopology {
        AMQPTopology(
            exchanges: [
                .init(exchange, kind: .direct),
                .init(deadLetterExchange, kind: .fanout),
            ],
            queues: [
                .init(deadLetterQueue),
                .init(startQueue, deadLetterExchange: deadLetterExchange),
                .init(resultQueue, deadLetterExchange: deadLetterExchange),
            ],
            bindings: [
                .init(queue: deadLetterQueue, exchange: deadLetterExchange, routingKey: ""),
                .init(queue: startQueue, exchange: exchange, routingKey: startQueue),
                .init(queue: resultQueue, exchange: exchange, routingKey: resultQueue),
            ]
        )
    }
}
