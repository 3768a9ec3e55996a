import Messages
import Store

/// How executions are spread over coordinators: each execution belongs to one of ``count``
/// shards by a stable hash of its ARN; the coordinator holding a shard's lease advances its
/// executions and consumes its queue.
///
/// The count is part of the wire contract: every process of a cluster must use the same one,
/// and changing it strands messages in the old shard queues.
public enum Shards {
    /// The number of shards (``ExecutionShards/count``).
    public static var count: Int { ExecutionShards.count }

    /// The shard of an execution (``ExecutionShards/shard(of:)``).
    public static func shard(of executionArn: String) -> Int { ExecutionShards.shard(of: executionArn) }

    /// The queue of shard `n`: `stepwise.shard.N`.
    public static func queue(_ shard: Int) -> String { WireNames.shardQueuePrefix + String(shard) }

    /// The queue an execution's results and signals go to.
    public static func queue(of executionArn: String) -> String { queue(shard(of: executionArn)) }

    /// The lease that owns shard `n`.
    public static func leaseName(_ shard: Int) -> String { "shard." + String(shard) }
}
