/// A stored outbox message and its id (monotonic: later messages have larger ids).
public struct OutboxEntry: Sendable, Equatable {
    /// The id assigned by the store.
    public var id: Int64
    /// The message.
    public var message: OutboxMessage

    /// Creates an entry.
    public init(id: Int64, message: OutboxMessage) {
        self.id = id
        self.message = message
    }
}
