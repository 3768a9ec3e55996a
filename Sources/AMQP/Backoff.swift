/// Exponential back-off with full jitter for reconnects: 100 ms doubling up to `maximum`.
struct Backoff {
    var initial: Double = 0.1
    var maximum: Double = 5
    private(set) var attempt = 0

    mutating func next() -> Double {
        let ceiling = min(maximum, initial * Double(1 << min(attempt, 16)))
        attempt += 1
        return Double.random(in: ceiling / 2...ceiling)
    }

    mutating func reset() { attempt = 0 }
}
