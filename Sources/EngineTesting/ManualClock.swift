/// A clock that only moves when told to: timers fire instantly in virtual time.
public struct ManualClock: Sendable, Hashable {
    /// The current time in epoch milliseconds.
    public private(set) var nowMilliseconds: Int64

    /// - Parameter nowMilliseconds: the starting time (default 2025-01-01T00:00:00Z).
    public init(nowMilliseconds: Int64 = 1_735_689_600_000) {
        self.nowMilliseconds = nowMilliseconds
    }

    /// Moves the clock forward to `milliseconds` (never backwards).
    public mutating func advance(to milliseconds: Int64) {
        nowMilliseconds = max(nowMilliseconds, milliseconds)
    }

    /// Moves the clock forward by `milliseconds`.
    public mutating func advance(by milliseconds: Int64) {
        nowMilliseconds += max(0, milliseconds)
    }
}
