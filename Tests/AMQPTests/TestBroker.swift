import AMQP
import AMQPTesting
import Foundation
import Logging
import Synchronization

/// Where the tests find their brokers (scripts/test starts both) and small helpers around them.
enum TestBroker {
    static let url = env("STEPWISE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    /// A second node that fault tests stop and start; nothing else uses it.
    static let faultURL = env("STEPWISE_TEST_FAULT_AMQP_URL", "amqp://guest:guest@127.0.0.1:5673/")
    static let faultNode = FaultNode.node
    static let logger = Logger(label: "amqp-tests")

    private static func env(_ name: String, _ fallback: String) -> String {
        ProcessInfo.processInfo.environment[name] ?? fallback
    }

    /// A durable test queue that the broker deletes a minute after its last use.
    static func queue(_ prefix: String, kind: AMQPTopology.Queue.Kind = .classic,
                      deadLetterExchange: String? = nil) -> AMQPTopology.Queue {
        var q = AMQPTopology.Queue("test.\(prefix).\(UUID().uuidString.prefix(8))", kind: kind,
                                   deadLetterExchange: deadLetterExchange)
        q.arguments["x-expires"] = .int(60_000)
        return q
    }

    static func messages(_ count: Int, to queue: String, tag: String = "m") -> [AMQPOutgoingMessage] {
        (0..<count).map { AMQPOutgoingMessage(routingKey: queue, body: Array("\(tag)-\($0)".utf8)) }
    }

    /// Runs rabbitmqctl against the fault node without blocking the concurrency pool.
    static func rabbitmqctl(_ args: String...) async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/rabbitmqctl")
        p.arguments = ["-q", "-n", faultNode] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { cont in
            p.terminationHandler = { cont.resume(returning: $0.terminationStatus) }
            do { try p.run() } catch { cont.resume(throwing: error) }
        }
        if status != 0 { throw TestFailure("rabbitmqctl \(args.joined(separator: " ")) exited \(status)") }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}


extension AMQPDelivery {
    var text: String { String(decoding: body, as: UTF8.self) }
}
