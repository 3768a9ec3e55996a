public import AMQP
public import Messages
public import MessagesAMQP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``WorkerService`` consumes, runs and shuts down.
public struct WorkerConfiguration: Sendable {
    /// Handlers running at once, at most.
    public var concurrency: Int
    /// Unacknowledged invocations the broker may push per queue; at least ``concurrency`` is used.
    public var prefetch: Int
    /// On graceful shutdown, how long in-hand invocations may run before they are cancelled
    /// and requeued for another worker.
    public var shutdownTimeout: Duration
    /// The worker's name in results and logs; `host:pid` by default.
    public var identity: String
    /// Extra `x-` arguments for the task queues the worker declares (e.g. `x-expires` in tests).
    /// Every process declaring a queue must use the same arguments.
    public var queueArguments: [String: AMQPFieldValue]
    /// Classic or quorum task queues (`amqp.queue_type`); the coordinators must use the same.
    public var queues: QueueProfile
    /// The (fanout) exchange task queues dead-letter to: undecodable invocations end up there.
    public var deadLetterExchange: String
    /// Also declare `stepwise.tasks.results` (as `stepwise dev` does), so that no result is
    /// published before a coordinator declared it and lost.
    public var declaresResultQueue: Bool
    /// The prefix of the connection names the broker shows.
    public var connectionName: String

    /// - Parameters: one per property; see each property.
    public init(concurrency: Int = 8, prefetch: Int = 0, shutdownTimeout: Duration = .seconds(30),
                identity: String = WorkerConfiguration.defaultIdentity(),
                queueArguments: [String: AMQPFieldValue] = [:], queues: QueueProfile = .classic,
                deadLetterExchange: String = WireNames.deadLetterExchange, declaresResultQueue: Bool = true,
                connectionName: String = "stepwise-worker") {
        self.concurrency = max(1, concurrency)
        self.prefetch = prefetch
        self.shutdownTimeout = shutdownTimeout
        self.identity = identity
        self.queueArguments = queueArguments
        self.queues = queues
        self.deadLetterExchange = deadLetterExchange
        self.declaresResultQueue = declaresResultQueue
        self.connectionName = connectionName
    }

    /// The prefetch the consumer uses: ``prefetch``, but no less than ``concurrency``.
    var effectivePrefetch: Int { max(prefetch, concurrency) }

    /// `host:pid`.
    public static func defaultIdentity() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
        return "\(host):\(getpid())"
    }
}
