import AMQP
import AMQPTesting
import Foundation
import Synchronization
import Testing

/// These stop and start the fault node, so they run one at a time and on that node only.
@Suite(.serialized, .timeLimit(.minutes(10))) struct BrokerRestartTests {
    @Test func confirmedMessagesSurviveStopAppStartApp() async throws {
        try await FaultNode.exclusively {
            let q = TestBroker.queue("survive")
            let url = try AMQPURL(TestBroker.faultURL)
            let topology = AMQPTopology(queues: [q])
            let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
            try await publisher.publish(TestBroker.messages(500, to: q.name, tag: "before"))

            try await TestBroker.rabbitmqctl("stop_app")
            try await TestBroker.rabbitmqctl("start_app")

            // The same publisher carries on by itself after the restart.
            try await publisher.publish(TestBroker.messages(100, to: q.name, tag: "after"))
            #expect(publisher.connectionCount >= 2)

            let consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 300, logger: TestBroker.logger)
            let got = await collect(try await consumer.consume(queue: q.name), count: 600) { consumer.ack($0) }
            let expected = Set((0..<500).map { "before-\($0)" } + (0..<100).map { "after-\($0)" })
            #expect(Set(got.map(\.text)) == expected)
            await consumer.close()
            await publisher.close()
        }
    }

    /// Publishing and consuming go on through a restart: every confirmed message arrives
    /// (at least once), and both connections come back on their own.
    @Test func transportReconnectsAndCarriesOn() async throws {
        try await FaultNode.exclusively {
            let q = TestBroker.queue("carry-on")
            let url = try AMQPURL(TestBroker.faultURL)
            let topology = AMQPTopology(queues: [q])
            let publisher = try await AMQPPublisher.connect(to: url, topology: topology, logger: TestBroker.logger)
            let consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 100, logger: TestBroker.logger)
            let stream = try await consumer.consume(queue: q.name)
            let seen = Mutex<Set<String>>([])
            let reader = Task {
                for await d in stream {
                    seen.withLock { _ = $0.insert(d.text) }
                    consumer.ack(d)
                }
            }
            let confirmed = Mutex<Set<String>>([])
            let writer = Task {
                for i in 0..<60 {
                    let body = "n-\(i)"
                    try await publisher.publish(AMQPOutgoingMessage(routingKey: q.name, body: Array(body.utf8)))
                    confirmed.withLock { _ = $0.insert(body) }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            try await TestBroker.rabbitmqctl("stop_app")
            try await Task.sleep(for: .seconds(1))
            try await TestBroker.rabbitmqctl("start_app")
            try await writer.value

            let all = confirmed.withLock { $0 }
            #expect(all.count == 60)
            for _ in 0..<100 where !all.isSubset(of: seen.withLock({ $0 })) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(all.isSubset(of: seen.withLock { $0 }))
            for _ in 0..<300 where publisher.connectionCount < 2 || consumer.connectionCount < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(publisher.connectionCount >= 2)
            #expect(consumer.connectionCount >= 2)
            await consumer.close()
            await reader.value
            await publisher.close()
        }
    }

    @Test func heartbeatsKeepAnIdleConnectionOpen() async throws {
        try await FaultNode.exclusively {
            let url = try AMQPURL(TestBroker.faultURL + "?heartbeat=1")
            let publisher = try await AMQPPublisher.connect(to: url, logger: TestBroker.logger)
            let consumer = try await AMQPConsumer.connect(to: url, logger: TestBroker.logger)
            try await Task.sleep(for: .seconds(4))
            #expect(publisher.connectionCount == 1)
            #expect(consumer.connectionCount == 1)
            await consumer.close()
            await publisher.close()
        }
    }
}
