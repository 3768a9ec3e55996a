public import Logging
import Synchronization

/// Consumes queues with manual acks on one connection that a dedicated thread owns.
/// It reconnects with back-off by itself and consumes the same queues again; whatever was
/// delivered but not acked before a drop is redelivered by the broker (`redelivered` is set).
public final class AMQPConsumer: Sendable {
    private let owner: OwnerThread<ConsumerDriver>

    /// Connections made so far: 1 after connecting, one more after each reconnect.
    public var connectionCount: Int { owner.connections.load(ordering: .relaxed) }

    private init(owner: OwnerThread<ConsumerDriver>) { self.owner = owner }

    /// Connects, declares `topology` and sets the prefetch window (unacked deliveries in flight).
    /// - Throws: `AMQPError` when the first connection cannot be made.
    public static func connect(to url: AMQPURL, topology: AMQPTopology = AMQPTopology(), prefetch: Int = 200,
                               name: String = "stepwise-consumer", logger: Logger) async throws -> AMQPConsumer {
        let driver = ConsumerDriver(topology: topology, prefetch: prefetch)
        let owner = try await OwnerThread.start(driver: driver, url: url, name: name, logger: logger)
        return AMQPConsumer(owner: owner)
    }

    /// Starts consuming `queue`; the stream ends when the consumer is closed. When the caller stops
    /// iterating (or drops the stream), the consumer is cancelled on the broker and deliveries that
    /// arrive afterwards are requeued.
    public func consume(queue: String) async throws -> AsyncStream<AMQPDelivery> {
        let (stream, continuation) = AsyncStream.makeStream(of: AMQPDelivery.self)
        let jobs = owner.jobs
        continuation.onTermination = { reason in
            if case .cancelled = reason { jobs.push(.cancel(queue)) }
        }
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            if !owner.jobs.push(.consume(queue, continuation, cont)) { cont.resume(throwing: AMQPError.closed) }
        }
        return stream
    }

    /// Stops consuming `queue` on the broker. The stream then ends after the deliveries already in
    /// it, which the caller must still ack or reject; later ones are requeued.
    public func cancel(queue: String) {
        owner.jobs.push(.cancel(queue))
    }

    /// Acknowledges a delivery (batched with others on the owner thread).
    public func ack(_ delivery: AMQPDelivery) {
        owner.jobs.push(.ack(generation: delivery.generation, tag: delivery.deliveryTag))
    }

    /// Rejects a delivery; with `requeue` the broker delivers it again, possibly to another consumer.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) {
        owner.jobs.push(.reject(generation: delivery.generation, tag: delivery.deliveryTag, requeue: requeue))
    }

    /// Sends pending acks, closes the connection gracefully and ends the streams.
    /// Unacked deliveries go back to their queues.
    public func close() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            if !owner.jobs.push(.close(cont)) { cont.resume() }
        }
    }
}
