public import AMQP
public import Messages

extension WireMessage {
    /// The message a delivery carries (headers as text: integers in decimal).
    public init(_ delivery: AMQPDelivery) {
        var headers: [String: String] = [:]
        for (name, value) in delivery.properties.headers {
            switch value {
            case .string(let s): headers[name] = s
            case .int(let i): headers[name] = String(i)
            case .bool(let b): headers[name] = String(b)
            case .double(let d): headers[name] = String(d)
            }
        }
        self.init(body: delivery.body, headers: headers, messageID: delivery.properties.messageID,
                  correlationID: delivery.properties.correlationID)
    }
}

extension AMQPOutgoingMessage {
    /// A persistent JSON message carrying `message`.
    /// - Parameters:
    ///   - message: The encoded contract message.
    ///   - exchange: The exchange to publish to.
    ///   - routingKey: The routing key.
    public init(_ message: WireMessage, exchange: String, routingKey: String) {
        let properties = AMQPProperties(
            contentType: WireNames.contentType, correlationID: message.correlationID,
            messageID: message.messageID, headers: message.headers.mapValues { .string($0) })
        self.init(exchange: exchange, routingKey: routingKey, body: message.body, properties: properties)
    }
}
