/// Where a worker publishes the result of an invocation: an exchange and a routing key.
public struct ReplyAddress: Sendable, Hashable {
    /// The exchange (`""` is the default exchange, which routes by queue name).
    public var exchange: String
    /// The routing key (with the ``WireNames/exchange`` or default exchange: the queue name).
    public var routingKey: String

    /// - Parameters:
    ///   - exchange: The exchange to publish to.
    ///   - routingKey: The routing key.
    public init(exchange: String, routingKey: String) {
        self.exchange = exchange
        self.routingKey = routingKey
    }

    /// `stepwise.tasks.results` through the `stepwise` exchange, where coordinators listen.
    public static let standard = ReplyAddress(exchange: WireNames.exchange, routingKey: WireNames.resultQueue)
}
