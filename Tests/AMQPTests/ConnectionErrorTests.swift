import AMQP
import AMQPTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.timeLimit(.minutes(2))) struct ConnectionErrorTests {
    @Test func refusedConnectionIsAClearErrorNotAHang() async throws {
        let start = Date()
        await #expect(throws: AMQPError.connectionFailed("")) {
            _ = try await AMQPPublisher.connect(to: try AMQPURL("amqp://guest:guest@127.0.0.1:1/"), logger: TestBroker.logger)
        }
        // Refused at once; the bound only tells an error from a hang on a loaded machine.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func wrongPasswordIsALoginError() async throws {
        var url = try AMQPURL(TestBroker.url)
        url.password = "definitely-wrong"
        do {
            _ = try await AMQPConsumer.connect(to: url, logger: TestBroker.logger)
            Issue.record("connected with a wrong password")
        } catch let error as AMQPError {
            #expect(error == .loginRefused(""))
            #expect(error.message.contains("user, password and vhost"))
        }
    }

    /// A peer that accepts TCP but never speaks AMQP: the connect gives up after its timeout.
    @Test func silentPeerTimesOut() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = listen(fd, 4)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let start = Date()
        await #expect(throws: AMQPError.self) {
            _ = try await AMQPPublisher.connect(to: try AMQPURL("amqp://127.0.0.1:\(port)/?connection_timeout=1"), logger: TestBroker.logger)
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func conflictingDeclareFailsAndThePublisherRecovers() async throws {
        let q = TestBroker.queue("conflict")
        let url = try AMQPURL(TestBroker.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: AMQPTopology(queues: [q]), logger: TestBroker.logger)
        var clash = q
        clash.arguments["x-max-priority"] = .int(5)
        let error = await #expect(throws: AMQPError.queueMismatch("")) {
            try await publisher.declare(AMQPTopology(queues: [clash]))
        }
        #expect(error?.message.contains("queue '\(q.name)' already exists with other arguments") == true)
        // It reconnects by itself and publishing works again.
        try await publisher.publish(TestBroker.messages(3, to: q.name))
        let consumer = try await AMQPConsumer.connect(to: url, logger: TestBroker.logger)
        let got = await collect(try await consumer.consume(queue: q.name), count: 3) { consumer.ack($0) }
        #expect(got.count == 3)
        await consumer.close()
        await publisher.close()
    }
}
