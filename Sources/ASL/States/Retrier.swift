/// One `Retry` entry.
public struct Retrier: Sendable, Hashable {
    /// `JitterStrategy`.
    public enum Jitter: String, Sendable, Hashable { case full = "FULL", none = "NONE" }

    public var errorEquals: [String]
    /// `IntervalSeconds`, default 1.
    public var intervalSeconds: Int = 1
    /// `MaxAttempts`, default 3; 0 means never retry.
    public var maxAttempts: Int = 3
    /// `BackoffRate`, default 2.0.
    public var backoffRate: Double = 2.0
    /// `MaxDelaySeconds`: caps the computed interval.
    public var maxDelaySeconds: Int?
    /// `JitterStrategy`, default NONE.
    public var jitter: Jitter = .none

    public init(errorEquals: [String]) { self.errorEquals = errorEquals }

    /// The delay before retry number `attempt` (0-based), before jitter.
    public func delay(forAttempt attempt: Int) -> Double {
        var value = Double(intervalSeconds)
        for _ in 0..<attempt { value *= backoffRate }
        if let cap = maxDelaySeconds { value = min(value, Double(cap)) }
        return value
    }
}
