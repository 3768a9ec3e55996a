/// How executions are spread over shards: each belongs to one of ``count`` shards by a stable hash
/// of its ARN. The coordinator holding a shard's lease advances its executions; the store keeps
/// the shard with every timer and outbox row, so each coordinator reads only its own shards' rows
/// (``ExecutionStore/dueTimers(shards:before:limit:)``, ``ExecutionStore/pendingOutbox(shards:limit:)``).
///
/// The count is part of the wire and storage contract: every process of a cluster uses the same
/// one, and changing it strands messages in the old shard queues and rows under old shard numbers.
public enum ExecutionShards {
    /// The number of shards.
    public static let count = 32

    /// Every shard, in order.
    public static let all = Array(0..<count)

    /// The shard of an execution (FNV-1a over the ARN's UTF-8 bytes).
    public static func shard(of executionArn: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in executionArn.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}
