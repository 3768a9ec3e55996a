import AMQP
import AMQPTesting
import Foundation
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2))) struct PublishConsumeTests {
    @Test func confirmedPublishThenConsume() async throws {
        let q = TestBroker.queue("pubsub")
        let url = try AMQPURL(TestBroker.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: AMQPTopology(queues: [q]), prefetch: 50, logger: TestBroker.logger)
        var props = AMQPProperties(contentType: "application/json", correlationID: "c-1", messageID: "id-1")
        props.headers = ["attempt": .int(3), "kind": .string("task"), "retry": .bool(true)]
        try await publisher.publish(AMQPOutgoingMessage(routingKey: q.name, body: Array("{\"a\":1}".utf8), properties: props))
        try await publisher.publish(TestBroker.messages(999, to: q.name))

        let stream = try await consumer.consume(queue: q.name)
        let got = await collect(stream, count: 1000) { consumer.ack($0) }
        #expect(got.count == 1000)
        #expect(got.first?.text == "{\"a\":1}")
        #expect(got.first?.properties.correlationID == "c-1")
        #expect(got.first?.properties.headers == props.headers)
        #expect(got.first?.properties.persistent == true)
        #expect(got.first?.queue == q.name)
        #expect(Set(got.dropFirst().map(\.text)) == Set((0..<999).map { "m-\($0)" }))
        #expect(got.allSatisfy { !$0.redelivered })
        await consumer.close()
        await publisher.close()
    }

    @Test func concurrentPublishersArePipelined() async throws {
        let q = TestBroker.queue("pipelined")
        let url = try AMQPURL(TestBroker.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await publisher.publish(AMQPOutgoingMessage(routingKey: q.name, body: Array("p-\(i)".utf8)))
                }
            }
            try await group.waitForAll()
        }
        let consumer = try await AMQPConsumer.connect(to: url, prefetch: 500, logger: TestBroker.logger)
        let got = await collect(try await consumer.consume(queue: q.name), count: 200) { consumer.ack($0) }
        #expect(Set(got.map(\.text)) == Set((0..<200).map { "p-\($0)" }))
        await consumer.close()
        await publisher.close()
    }

    @Test func publishToUndeclaredExchangeFailsClearly() async throws {
        let publisher = try await AMQPPublisher.connect(to: try AMQPURL(TestBroker.url), logger: TestBroker.logger)
        await #expect(throws: AMQPError.unknownExchange("nope")) {
            try await publisher.publish(AMQPOutgoingMessage(exchange: "nope", routingKey: "x", body: []))
        }
        await publisher.close()
        await #expect(throws: AMQPError.closed) {
            try await publisher.publish(AMQPOutgoingMessage(routingKey: "x", body: []))
        }
    }
}
