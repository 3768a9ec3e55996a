import AMQP
import AMQPTesting
import Foundation
import JSONValue
import Logging
import Messages
import MessagesAMQP
import Synchronization
import Testing
import Worker

/// Where the tests find the broker (scripts/test starts it) and helpers around one test's queues.
enum TestBroker {
    static let url = ProcessInfo.processInfo.environment["STEPWISE_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"
    static let logger = Logger(label: "worker-tests")
    /// Task queues expire a minute after their last use.
    static let queueArguments: [String: AMQPFieldValue] = ["x-expires": .int(60_000)]

    /// A name unique to one test, valid as an activity or function name.
    static func unique(_ prefix: String) -> String { "t-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// One test's plumbing: a reply queue, a publisher that declared the task queues as workers do,
/// and a consumer of the replies.
struct Harness {
    let url: AMQPURL
    let replyQueue: String
    let deadLetterExchange: String
    let publisher: AMQPPublisher
    let consumer: AMQPConsumer
    let replies: AsyncStream<AMQPDelivery>

    /// - Parameters:
    ///   - functions: Function names whose queues to declare now (before any worker runs).
    ///   - replyQueuePrefix: Put before the reply queue's unique name (`stepwise.shard.` makes
    ///     workers treat it as a coordinator's shard queue).
    init(functions: [String], replyQueuePrefix: String = "") async throws {
        url = try AMQPURL(TestBroker.url)
        replyQueue = replyQueuePrefix + TestBroker.unique("replies")
        deadLetterExchange = TestBroker.unique("dlx")
        var topology = WorkerTopology.consumer(
            queues: functions.map { TaskTarget.queue(kind: .function, name: $0) },
            arguments: TestBroker.queueArguments, deadLetterExchange: deadLetterExchange)
        topology.queues.append(AMQPTopology.Queue(replyQueue, arguments: TestBroker.queueArguments))
        publisher = try await AMQPPublisher.connect(to: url, topology: topology, name: "test-publisher", logger: TestBroker.logger)
        consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 100, name: "test-replies", logger: TestBroker.logger)
        replies = try await consumer.consume(queue: replyQueue)
    }

    /// A worker configuration whose queues match the ones this harness declared.
    func configuration(concurrency: Int = 4, prefetch: Int = 0, shutdownTimeout: Duration = .seconds(10), identity: String = "test-worker") -> WorkerConfiguration {
        WorkerConfiguration(concurrency: concurrency, prefetch: prefetch, shutdownTimeout: shutdownTimeout, identity: identity,
                            queueArguments: TestBroker.queueArguments, deadLetterExchange: deadLetterExchange,
                            declaresResultQueue: false, connectionName: "test-worker")
    }

    /// An invocation of function `name` that replies to this harness.
    func invocation(_ name: String, input: JSON = .object(JSONObject()), key: String = UUID().uuidString,
                    timeoutSeconds: Int? = nil, heartbeatSeconds: Int? = nil) -> TaskInvocationMessage {
        TaskInvocationMessage(
            key: key, taskToken: "token-\(key)", executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:run",
            stateName: "Call \(name)", resource: "arn:aws:lambda:us-east-1:123456789012:function:\(name)",
            target: TaskTarget(kind: .function, name: name), input: input, timeoutSeconds: timeoutSeconds,
            heartbeatSeconds: heartbeatSeconds,
            attempt: 0, replyTo: ReplyAddress(exchange: "", routingKey: replyQueue))
    }

    /// Publishes invocations to their targets' queues through the `stepwise` exchange.
    func send(_ invocations: [TaskInvocationMessage]) async throws {
        try await publisher.publish(invocations.map {
            AMQPOutgoingMessage($0.encoded(), exchange: WireNames.exchange, routingKey: $0.target.queue)
        })
    }

    /// Takes up to `count` results (acking them), giving up after `seconds`.
    func results(_ count: Int, seconds: Double = 20) async throws -> [TaskResultMessage] {
        let got = await collect(replies, count: count, seconds: seconds) { consumer.ack($0) }
        return try got.map { try TaskResultMessage(decoding: WireMessage($0)) }
    }

    func close() async {
        await consumer.close()
        await publisher.close()
    }
}


/// Runs `service` while `body` runs, then cancels it and waits for it to end.
func whileRunning<T: Sendable>(_ service: WorkerService, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await service.run() }
        do {
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Counts handlers running at once and remembers the most seen.
final class Gauge: Sendable {
    private let state = Mutex((now: 0, max: 0, started: 0))
    func enter() { state.withLock { $0.now += 1; $0.started += 1; $0.max = Swift.max($0.max, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var max: Int { state.withLock { $0.max } }
    var started: Int { state.withLock { $0.started } }

    /// Polls until `condition` holds, for up to `seconds` (generous: the whole suite runs in
    /// parallel on two cores).
    func wait(seconds: Double = 60, until condition: (Gauge) -> Bool) async throws {
        let end = ContinuousClock.now.advanced(by: .seconds(seconds))
        while !condition(self) {
            guard ContinuousClock.now < end else { throw TestFailure("timed out waiting on the gauge") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
