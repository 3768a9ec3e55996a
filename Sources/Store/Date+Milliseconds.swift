package import Foundation

extension Date {
    /// The date `ms` milliseconds after 1970 (the stored form of every date, and the interpreter's clock).
    package init(milliseconds ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }

    /// Milliseconds since 1970, rounded to the nearest.
    package var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

extension Duration {
    /// The duration in seconds, as Foundation counts time (lease expiry dates).
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
