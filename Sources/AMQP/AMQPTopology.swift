/// Exchanges, queues and bindings a connection declares after every (re)connect.
public struct AMQPTopology: Sendable, Hashable {
    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Adds the other topology's declarations that are not here yet.
    public mutating func merge(_ other: AMQPTopology) {
        for e in other.exchanges where !exchanges.contains(e) { exchanges.append(e) }
        for q in other.queues where !queues.contains(q) { queues.append(q) }
        for b in other.bindings where !bindings.contains(b) { bindings.append(b) }
    }

    /// Whether a publish to `exchange` can be routed by this topology (the default and `amq.*` exchanges always exist).
    public func knows(exchange: String) -> Bool {
        exchange.isEmpty || exchange.hasPrefix("amq.") || exchanges.contains { $0.name == exchange }
    }

    public struct Exchange: Sendable, Hashable {
        public enum Kind: String, Sendable { case direct, fanout, topic, headers }
        public var name: String
        public var kind: Kind
        public var durable: Bool
        public init(_ name: String, kind: Kind = .direct, durable: Bool = true) {
            self.name = name
            self.kind = kind
            self.durable = durable
        }
    }

    public struct Queue: Sendable, Hashable {
        public enum Kind: String, Sendable { case classic, quorum }
        public var name: String
        public var kind: Kind
        public var durable: Bool
        /// Extra `x-` arguments, e.g. `x-max-priority`.
        public var arguments: [String: AMQPFieldValue]

        public init(_ name: String, kind: Kind = .classic, durable: Bool = true,
                    deadLetterExchange: String? = nil, singleActiveConsumer: Bool = false,
                    maxPriority: Int? = nil, arguments: [String: AMQPFieldValue] = [:]) {
            self.name = name
            self.kind = kind
            self.durable = durable
            var args = arguments
            args["x-queue-type"] = .string(kind.rawValue)
            if let deadLetterExchange { args["x-dead-letter-exchange"] = .string(deadLetterExchange) }
            if singleActiveConsumer { args["x-single-active-consumer"] = .bool(true) }
            if let maxPriority { args["x-max-priority"] = .int(Int64(maxPriority)) }
            self.arguments = args
        }
    }

    public struct Binding: Sendable, Hashable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }
}
