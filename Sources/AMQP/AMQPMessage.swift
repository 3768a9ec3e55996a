/// Properties of a message as AMQP 0-9-1 carries them.
public struct AMQPProperties: Sendable, Hashable {
    public var contentType: String?
    public var correlationID: String?
    public var replyTo: String?
    public var messageID: String?
    public var type: String?
    public var priority: UInt8?
    /// Persistent (delivery mode 2) unless set false.
    public var persistent: Bool
    public var headers: [String: AMQPFieldValue]

    public init(contentType: String? = nil, correlationID: String? = nil, replyTo: String? = nil,
                messageID: String? = nil, type: String? = nil, priority: UInt8? = nil,
                persistent: Bool = true, headers: [String: AMQPFieldValue] = [:]) {
        self.contentType = contentType
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.messageID = messageID
        self.type = type
        self.priority = priority
        self.persistent = persistent
        self.headers = headers
    }
}

/// A message to publish.
public struct AMQPOutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var properties: AMQPProperties

    public init(exchange: String = "", routingKey: String, body: [UInt8], properties: AMQPProperties = AMQPProperties()) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
    }
}

/// A message delivered to a consumer. Ack or reject it through the consumer that delivered it.
public struct AMQPDelivery: Sendable {
    public var queue: String
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var properties: AMQPProperties
    /// True when the broker delivered it before (to this or another consumer) without an ack.
    public var redelivered: Bool
    public var deliveryTag: UInt64
    /// The connection it arrived on; an ack for an older connection is dropped (the broker redelivers).
    public var generation: Int
}
