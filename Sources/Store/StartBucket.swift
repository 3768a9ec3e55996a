public import Foundation

/// An account's StartExecution token bucket, kept in the store so that every API process of a
/// cluster draws on the same one: a create that carries a bucket (``ExecutionQuota/bucket``)
/// takes one token in the same transaction, or fails with ``StoreError/throttled``; a create refused
/// after that (its name, the limit) keeps its token taken, as every AWS StartExecution call counts.
///
/// Refilled lazily: the stored row holds the tokens left and when they were counted; a take
/// first adds `refillPerSecond` for every second since then (never above `capacity`). An account
/// with no row yet has a full bucket.
public struct StartBucket: Sendable, Equatable {
    /// The most tokens the bucket holds (AWS: 1,300 in the largest regions).
    public var capacity: Int
    /// Tokens added per second (AWS: 300 in the largest regions).
    public var refillPerSecond: Double

    public init(capacity: Int, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// The tokens in a bucket that held `tokens` (nil: never used) at `counted`, refilled up to `now`.
    /// A clock behind `counted` (another host's) adds nothing.
    public func level(tokens: Double?, counted: Date?, now: Date) -> Double {
        guard let tokens, let counted else { return Double(capacity) }
        let elapsed = max(0, now.timeIntervalSince(counted))
        return min(Double(capacity), tokens + elapsed * refillPerSecond)
    }
}
