import AMQP
import AMQPTesting
import Foundation
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2))) struct QueueArgumentTests {
    /// With single-active-consumer only one of two consumers gets messages; the other takes over when it leaves.
    @Test func singleActiveConsumer() async throws {
        var q = AMQPTopology.Queue("test.sac.\(UUID().uuidString.prefix(8))", kind: .quorum, singleActiveConsumer: true)
        q.arguments["x-expires"] = .int(60_000)
        let url = try AMQPURL(TestBroker.url)
        let topology = AMQPTopology(queues: [q])
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
        let first = try await AMQPConsumer.connect(to: url, topology: topology, name: "sac-1", logger: TestBroker.logger)
        let second = try await AMQPConsumer.connect(to: url, topology: topology, name: "sac-2", logger: TestBroker.logger)
        let firstStream = try await first.consume(queue: q.name)
        let secondStream = try await second.consume(queue: q.name)
        try await publisher.publish(TestBroker.messages(10, to: q.name, tag: "a"))
        let toFirst = await collect(firstStream, count: 10, seconds: 30) { first.ack($0) }
        #expect(toFirst.count == 10)
        await first.close()
        try await publisher.publish(TestBroker.messages(5, to: q.name, tag: "b"))
        let toSecond = await collect(secondStream, count: 15, seconds: 3) { second.ack($0) }
        #expect(toSecond.map(\.text).sorted() == (0..<5).map { "b-\($0)" }.sorted())
        await second.close()
        await publisher.close()
    }

    /// A consumer that takes and gives up the same single-active-consumer queue again and again
    /// (as a coordinator does with a shard) really lets go each time: the other consumer gets
    /// the messages.
    @Test func repeatedCancelLetsTheNextConsumerIn() async throws {
        var q = AMQPTopology.Queue("test.sac.\(UUID().uuidString.prefix(8))", singleActiveConsumer: true)
        q.arguments["x-expires"] = .int(60_000)
        let url = try AMQPURL(TestBroker.url)
        let topology = AMQPTopology(queues: [q])
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
        let flapping = try await AMQPConsumer.connect(to: url, topology: topology, name: "flap", logger: TestBroker.logger)
        for _ in 0..<8 {
            _ = try await flapping.consume(queue: q.name)
            flapping.cancel(queue: q.name)
        }
        let steady = try await AMQPConsumer.connect(to: url, topology: topology, name: "steady", logger: TestBroker.logger)
        let stream = try await steady.consume(queue: q.name)
        try await publisher.publish(TestBroker.messages(5, to: q.name, tag: "m"))
        let got = await collect(stream, count: 5, seconds: 30) { steady.ack($0) }
        #expect(got.map(\.text).sorted() == (0..<5).map { "m-\($0)" }.sorted())
        await steady.close()
        await flapping.close()
        await publisher.close()
    }

    /// With x-max-priority, higher-priority messages waiting in the queue are delivered first.
    @Test func maxPriority() async throws {
        var q = AMQPTopology.Queue("test.prio.\(UUID().uuidString.prefix(8))", maxPriority: 9)
        q.arguments["x-expires"] = .int(60_000)
        let url = try AMQPURL(TestBroker.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
        let messages = [(1, "low"), (9, "high"), (5, "mid")].map { prio, text in
            AMQPOutgoingMessage(routingKey: q.name, body: Array(text.utf8), properties: AMQPProperties(priority: UInt8(prio)))
        }
        try await publisher.publish(messages)
        let consumer = try await AMQPConsumer.connect(to: url, prefetch: 1, logger: TestBroker.logger)
        let got = await collect(try await consumer.consume(queue: q.name), count: 3) { consumer.ack($0) }
        #expect(got.map(\.text) == ["high", "mid", "low"])
        #expect(got.first?.properties.priority == 9)
        await consumer.close()
        await publisher.close()
    }

    /// A consumer whose stream is dropped stops receiving: the messages go to the next consumer.
    @Test func droppedStreamCancelsTheConsumer() async throws {
        let q = TestBroker.queue("dropped")
        let url = try AMQPURL(TestBroker.url)
        let topology = AMQPTopology(queues: [q])
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: topology, logger: TestBroker.logger)
        let abandoned = Task { () -> Int in
            var n = 0
            for await _ in try await consumer.consume(queue: q.name) { n += 1 }
            return n
        }
        try await Task.sleep(for: .milliseconds(300))
        abandoned.cancel()
        _ = try await abandoned.value
        try await Task.sleep(for: .milliseconds(300))
        try await publisher.publish(TestBroker.messages(5, to: q.name, tag: "later"))
        let other = try await AMQPConsumer.connect(to: url, topology: topology, name: "other", logger: TestBroker.logger)
        let got = await collect(try await other.consume(queue: q.name), count: 5, seconds: 30) { other.ack($0) }
        #expect(got.map(\.text).sorted() == (0..<5).map { "later-\($0)" }.sorted())
        await other.close()
        await consumer.close()
        await publisher.close()
    }
}
