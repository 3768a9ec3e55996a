import AMQP
import AMQPTesting
import Foundation
import Testing

/// `amqps://` against the fault node's TLS listener, whose certificate a test CA signed.
@Suite(.timeLimit(.minutes(10))) struct TLSTests {
    static let url = ProcessInfo.processInfo.environment["STEPWISE_TEST_TLS_AMQP_URL"]
        ?? "amqps://guest:guest@localhost:5674/?cacertfile=/etc/rabbitmq/stepwise-test-tls/ca.pem"

    @Test func publishAndConsumeOverTLS() async throws {
        try await FaultNode.exclusively {
            let url = try AMQPURL(Self.url)
            #expect(url.tls)
            let q = TestBroker.queue("tls")
            let publisher = try await AMQPPublisher.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
            let consumer = try await AMQPConsumer.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
            try await publisher.publish(TestBroker.messages(50, to: q.name, tag: "tls"))
            let got = await collect(try await consumer.consume(queue: q.name), count: 50) { consumer.ack($0) }
            #expect(Set(got.map(\.text)) == Set((0..<50).map { "tls-\($0)" }))
            await consumer.close()
            await publisher.close()
        }
    }

    /// Without the test CA the broker's certificate cannot be verified: a clear error, no hang.
    @Test func untrustedCertificateIsRefused() async throws {
        try await FaultNode.exclusively {
            var url = try AMQPURL(Self.url)
            url.caCertFile = nil
            await #expect(throws: AMQPError.connectionFailed("")) {
                _ = try await AMQPPublisher.connect(to: url, logger: TestBroker.logger)
            }
        }
    }

    @Test func missingCAFileIsNamed() async throws {
        try await FaultNode.exclusively {
            var url = try AMQPURL(Self.url)
            url.caCertFile = "/nonexistent/ca.pem"
            do {
                _ = try await AMQPPublisher.connect(to: url, logger: TestBroker.logger)
                Issue.record("connected without a CA file")
            } catch let error as AMQPError {
                #expect(error.message.contains("/nonexistent/ca.pem"))
            }
        }
    }
}
