public import AMQP
import Foundation
public import Logging
import Synchronization

/// The transport benchmark: the same two durable workloads the C client runs
/// (persistent messages, publisher confirms, manual acks).
public enum AMQPBenchmark {
    /// Publishes `count` messages with `window` unconfirmed at most while a consumer takes and
    /// acks them; returns messages per second from the first publish to the last delivery.
    public static func publishConsume(url: AMQPURL, count: Int, window: Int = 500, logger: Logger) async throws -> Double {
        let queue = benchQueue("pc")
        let topology = AMQPTopology(queues: [queue])
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, name: "bench-publisher", logger: logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 500, name: "bench-consumer", logger: logger)
        let stream = try await consumer.consume(queue: queue.name)
        let start = ContinuousClock.now
        async let consumed: Void = {
            var got = 0
            for await d in stream {
                consumer.ack(d)
                got += 1
                if got == count { return }
            }
        }()
        let batch = 100
        let lanes = max(1, window / batch)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var i = lane * batch
                    while i < count {
                        let n = min(batch, count - i)
                        try await publisher.publish((0..<n).map { _ in
                            AMQPOutgoingMessage(routingKey: queue.name, body: Array("payload-0123456789".utf8))
                        })
                        i += lanes * batch
                    }
                }
            }
            try await group.waitForAll()
        }
        await consumed
        let elapsed = ContinuousClock.now - start
        await consumer.close()
        await publisher.close()
        return Double(count) / elapsed.seconds
    }

    /// A client keeps `inFlight` requests outstanding; a server consumes each, publishes the reply
    /// with a confirm and then acks the request; the client consumes the reply. Returns round trips/s.
    public static func requestReply(url: AMQPURL, count: Int, inFlight: Int = 100, logger: Logger) async throws -> Double {
        let requests = benchQueue("req"), replies = benchQueue("rep")
        let topology = AMQPTopology(queues: [requests, replies])
        let serverIn = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 200, name: "bench-server-in", logger: logger)
        let serverOut = try await AMQPPublisher.connect(to: url, topology: topology, name: "bench-server-out", logger: logger)
        let clientOut = try await AMQPPublisher.connect(to: url, topology: topology, name: "bench-client-out", logger: logger)
        let clientIn = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 500, name: "bench-client-in", logger: logger)
        let requestStream = try await serverIn.consume(queue: requests.name)
        let replyStream = try await clientIn.consume(queue: replies.name)
        let router = ReplyRouter()

        // The server and the reply dispatcher run beside the clients, in one task group; closing
        // the consumers ends their streams, and with them both loops.
        let elapsed = try await withThrowingDiscardingTaskGroup { loops in
            loops.addTask {
                await withDiscardingTaskGroup { group in
                    for await request in requestStream {
                        group.addTask {
                            let reply = AMQPOutgoingMessage(routingKey: replies.name, body: Array("reply-0123456789".utf8),
                                                            properties: AMQPProperties(correlationID: request.properties.correlationID))
                            if (try? await serverOut.publish(reply)) != nil { serverIn.ack(request) }
                        }
                    }
                }
            }
            loops.addTask {
                for await reply in replyStream {
                    clientIn.ack(reply)
                    router.arrived(reply.properties.correlationID ?? "")
                }
            }
            let start = ContinuousClock.now
            let next = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<inFlight {
                    group.addTask {
                        while true {
                            let i = next.take()
                            guard i < count else { return }
                            let id = String(i)
                            try await clientOut.publish(AMQPOutgoingMessage(routingKey: requests.name, body: Array("request-0123456789".utf8),
                                                                            properties: AMQPProperties(correlationID: id)))
                            await router.wait(for: id)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            await clientIn.close()
            await serverIn.close()
            return elapsed
        }
        await clientOut.close()
        await serverOut.close()
        return Double(count) / elapsed.seconds
    }

    private static func benchQueue(_ kind: String) -> AMQPTopology.Queue {
        var q = AMQPTopology.Queue("bench.swift.\(kind).\(UUID().uuidString.prefix(8))")
        q.arguments["x-expires"] = .int(60_000)
        return q
    }
}

/// Matches replies to waiting requests by correlation id; a reply may arrive before its waiter.
final class ReplyRouter: Sendable {
    private enum Slot { case waiting(CheckedContinuation<Void, Never>), arrived }
    private let slots = Mutex<[String: Slot]>([:])

    func arrived(_ id: String) {
        let waiter: CheckedContinuation<Void, Never>? = slots.withLock { s in
            if case .waiting(let c) = s[id] { s[id] = nil; return c }
            s[id] = .arrived
            return nil
        }
        waiter?.resume()
    }

    func wait(for id: String) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = slots.withLock { s -> Bool in
                if case .arrived = s[id] { s[id] = nil; return true }
                s[id] = .waiting(c)
                return false
            }
            if ready { c.resume() }
        }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// A shared counter that hands out 0, 1, 2, ...
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
