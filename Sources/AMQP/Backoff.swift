/// Exponential back-off with full jitter, in seconds: `initial` doubling up to `maximum`
/// (reconnects here; a failing store in the coordinator).
package struct Backoff: Sendable {
    package var initial: Double = 0.1
    package var maximum: Double = 5
    package private(set) var attempt = 0

    package init(initial: Double = 0.1, maximum: Double = 5) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The next pause, in seconds.
    package mutating func next() -> Double {
        let ceiling = min(maximum, initial * Double(1 << min(attempt, 16)))
        attempt += 1
        return Double.random(in: ceiling / 2...ceiling)
    }

    package mutating func reset() { attempt = 0 }
}
