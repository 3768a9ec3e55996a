public import Foundation

/// A message to publish to AMQP after the transaction that produced it commits (transactional outbox).
public struct OutboxMessage: Sendable, Equatable {
    /// The execution that produced it.
    public var executionArn: String
    /// The AMQP exchange.
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// The message body.
    public var body: [UInt8]
    /// The AMQP headers as a JSON object text.
    public var headers: String
    /// When it was produced.
    public var createdDate: Date

    /// Creates a message.
    public init(executionArn: String, exchange: String, routingKey: String, body: [UInt8], headers: String = "{}", createdDate: Date) {
        self.executionArn = executionArn
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.headers = headers
        self.createdDate = createdDate
    }
}
