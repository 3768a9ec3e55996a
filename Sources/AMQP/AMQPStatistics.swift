import Synchronization

/// What the process's AMQP connections have done, for `/metrics` (read at each scrape): kept
/// process-wide because connections are made in many places and the figures are the process's.
public enum AMQPStatistics {
    private static let reconnectCount = Atomic<Int>(0)
    private static let unconfirmedCount = Atomic<Int>(0)

    /// Connections made again after one was lost, by every connection of the process.
    public static var reconnects: Int { reconnectCount.load(ordering: .relaxed) }
    /// Messages published and not yet confirmed by the broker, over every publisher of the process.
    public static var confirmsOutstanding: Int { unconfirmedCount.load(ordering: .relaxed) }

    static func reconnected() { reconnectCount.add(1, ordering: .relaxed) }
    static func unconfirmed(changedBy delta: Int) {
        if delta != 0 { unconfirmedCount.add(delta, ordering: .relaxed) }
    }
}
