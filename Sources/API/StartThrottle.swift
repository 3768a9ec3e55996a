import Coordinator
import Foundation
import Synchronization

/// The StartExecution token bucket of each account (this process's share: every API process
/// keeps its own buckets, so N processes admit up to N times the configured rate).
final class StartThrottle: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let quotas: AccountQuotas
    private let buckets = Mutex<[String: Bucket]>([:])

    init(quotas: AccountQuotas) {
        self.quotas = quotas
    }

    /// Takes one token; false when the bucket is empty (ThrottlingException).
    func take(account: String, now: ContinuousClock.Instant = .now) -> Bool {
        let limits = quotas.limits(account)
        return buckets.withLock { all in
            var b = refilled(all[account], limits, now)
            defer { all[account] = b }
            guard b.tokens >= 1 else { return false }
            b.tokens -= 1
            return true
        }
    }

    /// Tokens left now.
    func level(account: String, now: ContinuousClock.Instant = .now) -> Double {
        let limits = quotas.limits(account)
        return buckets.withLock { refilled($0[account], limits, now).tokens }
    }

    private func refilled(_ bucket: Bucket?, _ limits: AccountQuotas.Limits, _ now: ContinuousClock.Instant) -> Bucket {
        guard var b = bucket else { return Bucket(tokens: Double(limits.startBucket), updated: now) }
        let elapsed = now - b.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        b.tokens = min(Double(limits.startBucket), b.tokens + seconds * limits.startRefill)
        b.updated = now
        return b
    }
}
