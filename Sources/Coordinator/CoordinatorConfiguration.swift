import Store
public import MessagesAMQP

/// How a coordinator runs.
public struct CoordinatorConfiguration: Sendable {
    /// This coordinator's identity in leases (unique per process; host and pid by default).
    public var identity: String
    /// Unacked shard messages the broker may push ahead (per shard queue).
    public var prefetch: Int
    /// Start requests handled at once.
    public var startConcurrency: Int
    /// How long a shard lease lives without renewal (the takeover delay after a crash).
    public var leaseTTL: Duration
    /// How often leases are renewed and shards rebalanced.
    public var leaseTick: Duration
    /// How often due timers are read (commits announce timers due sooner, so this is a safety net).
    public var timerInterval: Duration
    /// How often the outbox is read (starts and commits wake the relay, so this is a safety net:
    /// rows of shards taken over, starts made by another process).
    public var relayInterval: Duration
    /// Per-account limits (open executions, nested reserve) for starts this coordinator makes.
    public var quotas: AccountQuotas
    /// Classic or quorum queues (`amqp.queue_type`), for the shard, start and task queues it declares.
    public var queues: QueueProfile
    /// How often every queue of starts waiting for a slot is tried (ends and queued starts wake
    /// their own queues at once, so this is a safety net: slots freed by a coordinator that crashed
    /// before trying, or by the account's limit).
    public var admissionSweep: Duration = .seconds(2)

    public init(identity: String = CoordinatorConfiguration.defaultIdentity(), prefetch: Int = 500, startConcurrency: Int = 64,
                leaseTTL: Duration = .seconds(6), leaseTick: Duration = .milliseconds(1500),
                timerInterval: Duration = .milliseconds(100), relayInterval: Duration = .milliseconds(100),
                quotas: AccountQuotas = AccountQuotas(), queues: QueueProfile = .classic) {
        self.identity = identity
        self.prefetch = prefetch
        self.startConcurrency = startConcurrency
        self.leaseTTL = leaseTTL
        self.leaseTick = leaseTick
        self.timerInterval = timerInterval
        self.relayInterval = relayInterval
        self.quotas = quotas
        self.queues = queues
    }

    /// `coordinator-HOST-PID-RANDOM`.
    public static func defaultIdentity() -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "coordinator-\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
