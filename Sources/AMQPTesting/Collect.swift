public import AMQP
import Synchronization

/// Takes up to `count` deliveries, giving up after `seconds` with those that came
/// (so a test can also check that nothing more arrives).
public func collect(_ stream: AsyncStream<AMQPDelivery>, count: Int, seconds: Double = 20,
                    onEach: @escaping @Sendable (AMQPDelivery) -> Void = { _ in }) async -> [AMQPDelivery] {
    let got = Collected()
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            if count == 0 { return }
            for await d in stream {
                onEach(d)
                if got.append(d) >= count { break }
            }
        }
        group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
        await group.next()
        group.cancelAll()
    }
    return got.all
}

/// Deliveries gathered so far, shared between the collecting task and its caller.
public final class Collected: Sendable {
    private let items = Mutex<[AMQPDelivery]>([])
    public init() {}
    /// Adds a delivery; returns how many there are now.
    public func append(_ d: AMQPDelivery) -> Int { items.withLock { $0.append(d); return $0.count } }
    public var all: [AMQPDelivery] { items.withLock { $0 } }
}
