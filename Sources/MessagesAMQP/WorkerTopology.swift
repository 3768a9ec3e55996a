public import AMQP
public import Messages

/// The exchanges and queues a worker declares (idempotently, after every reconnect).
public enum WorkerTopology {
    /// A task queue as workers declare it: durable, dead-lettering to `stepwise.dead-letter`.
    /// - Parameters:
    ///   - name: The queue name (``TaskTarget/queue``).
    ///   - profile: Classic or quorum (``QueueProfile``); every declaring process must agree.
    ///   - arguments: Extra `x-` arguments (``WorkerConfiguration/queueArguments``).
    ///   - deadLetterExchange: Where rejected invocations go.
    public static func taskQueue(_ name: String, profile: QueueProfile = .classic, arguments: [String: AMQPFieldValue] = [:],
                                 deadLetterExchange: String = WireNames.deadLetterExchange) -> AMQPTopology.Queue {
        profile.queue(name, deadLetterExchange: deadLetterExchange, taskQueue: true, arguments: arguments)
    }

    /// The `stepwise` and dead-letter exchanges, with `queues` bound to `stepwise` by name.
    /// - Parameters:
    ///   - queues: Task queue names.
    ///   - profile: Classic or quorum task queues.
    ///   - arguments: Extra arguments for each task queue.
    ///   - deadLetterExchange: The (fanout) exchange rejected invocations go to.
    public static func consumer(queues: [String], profile: QueueProfile = .classic, arguments: [String: AMQPFieldValue] = [:],
                                deadLetterExchange: String = WireNames.deadLetterExchange) -> AMQPTopology {
        var exchanges = exchanges
        if !exchanges.contains(where: { $0.name == deadLetterExchange }) {
            exchanges.append(.init(deadLetterExchange, kind: .fanout))
        }
        return AMQPTopology(
            exchanges: exchanges,
            queues: queues.map { taskQueue($0, profile: profile, arguments: arguments, deadLetterExchange: deadLetterExchange) },
            bindings: queues.map { .init(queue: $0, exchange: WireNames.exchange, routingKey: $0) })
    }

    /// What the result publisher declares: the exchanges, and the result queue when asked to
    /// (with the arguments `stepwise dev` gives it).
    public static func publisher(declaresResultQueue: Bool, profile: QueueProfile = .classic) -> AMQPTopology {
        guard declaresResultQueue else { return AMQPTopology(exchanges: exchanges) }
        let q = WireNames.resultQueue
        return AMQPTopology(
            exchanges: exchanges,
            queues: [profile.queue(q, deadLetterExchange: WireNames.deadLetterExchange)],
            bindings: [.init(queue: q, exchange: WireNames.exchange, routingKey: q)])
    }

    private static var exchanges: [AMQPTopology.Exchange] {
        [.init(WireNames.exchange, kind: .direct), .init(WireNames.deadLetterExchange, kind: .fanout)]
    }
}
