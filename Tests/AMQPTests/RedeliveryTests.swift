import AMQP
import AMQPTesting
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct RedeliveryTests {
    /// A consumer that goes away holding unacked messages: another consumer gets every one of them.
    @Test func unackedMessagesGoToAnotherConsumer() async throws {
        let q = TestBroker.queue("redeliver")
        let url = try AMQPURL(TestBroker.url)
        let topology = AMQPTopology(queues: [q])
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
        try await publisher.publish(TestBroker.messages(20, to: q.name))

        let dying = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 100, name: "dying", logger: TestBroker.logger)
        let held = await collect(try await dying.consume(queue: q.name), count: 20)
        #expect(held.count == 20)
        // Ack five, then go away with fifteen unacked.
        for d in held.prefix(5) { dying.ack(d) }
        await dying.close()

        let survivor = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 100, name: "survivor", logger: TestBroker.logger)
        let again = await collect(try await survivor.consume(queue: q.name), count: 15, seconds: 30) { survivor.ack($0) }
        #expect(Set(again.map(\.text)) == Set(held.dropFirst(5).map(\.text)))
        #expect(again.allSatisfy { $0.redelivered })
        // Nothing else comes: the five acked ones are gone for good.
        let extra = await collect(try await survivor.consume(queue: q.name), count: 1, seconds: 1)
        #expect(extra.isEmpty)
        await survivor.close()
        await publisher.close()
    }

    @Test func rejectWithRequeueRedeliversAndWithoutDeadLetters() async throws {
        let dlx = AMQPTopology.Exchange("test.dlx.\(UUID().uuidString.prefix(8))", kind: .fanout)
        let dead = TestBroker.queue("dead")
        let q = TestBroker.queue("rejects", kind: .quorum, deadLetterExchange: dlx.name)
        let topology = AMQPTopology(exchanges: [dlx], queues: [dead, q],
                                    bindings: [.init(queue: dead.name, exchange: dlx.name, routingKey: "")])
        let url = try AMQPURL(TestBroker.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 10, logger: TestBroker.logger)
        try await publisher.publish(TestBroker.messages(2, to: q.name))
        let stream = try await consumer.consume(queue: q.name)
        let first = await collect(stream, count: 2)
        #expect(first.count == 2)
        consumer.reject(first[0], requeue: true)
        consumer.reject(first[1], requeue: false)
        let again = await collect(stream, count: 1, seconds: 30)
        #expect(again.map(\.text) == [first[0].text])
        #expect(again.first?.redelivered == true)
        if let d = again.first { consumer.ack(d) }
        let deadLettered = await collect(try await consumer.consume(queue: dead.name), count: 1, seconds: 30)
        #expect(deadLettered.map(\.text) == [first[1].text])
        await consumer.close()
        await publisher.close()
    }
}
