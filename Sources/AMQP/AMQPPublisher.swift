public import Logging
import Synchronization

/// Publishes persistent messages with publisher confirms, pipelined on one connection that a
/// dedicated thread owns. It reconnects with back-off by itself, re-declares its topology and
/// re-sends whatever was not confirmed, so `publish` returns only once the broker has the message.
public final class AMQPPublisher: Sendable {
    private let owner: OwnerThread<PublisherDriver>

    /// Connections made so far: 1 after connecting, one more after each reconnect.
    public var connectionCount: Int { owner.connections.load(ordering: .relaxed) }

    private init(owner: OwnerThread<PublisherDriver>) { self.owner = owner }

    /// Connects, declares `topology` and enables confirms.
    /// - Throws: `AMQPError` when the first connection cannot be made (refused, bad login, timeout).
    public static func connect(to url: AMQPURL, topology: AMQPTopology = AMQPTopology(),
                               name: String = "stepwise-publisher", logger: Logger) async throws -> AMQPPublisher {
        let owner = try await OwnerThread.start(driver: PublisherDriver(topology: topology), url: url, name: name, logger: logger)
        return AMQPPublisher(owner: owner)
    }

    /// Publishes one message and returns once the broker confirmed it.
    public func publish(_ message: AMQPOutgoingMessage) async throws {
        try await publish([message])
    }

    /// Publishes messages back to back and returns once the broker confirmed all of them.
    public func publish(_ messages: [AMQPOutgoingMessage]) async throws {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            let waiter = ConfirmWaiter(count: messages.count, continuation: cont)
            if !owner.jobs.push(.publish(messages, waiter)) { waiter.fail(.closed) }
        }
    }

    /// Declares more exchanges, queues and bindings now and after every reconnect.
    public func declare(_ topology: AMQPTopology) async throws {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            if !owner.jobs.push(.declare(topology, cont)) { cont.resume(throwing: AMQPError.closed) }
        }
    }

    /// Waits (up to 5 s) for outstanding confirms, then closes the connection gracefully.
    public func close() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            if !owner.jobs.push(.close(cont)) { cont.resume() }
        }
    }
}
