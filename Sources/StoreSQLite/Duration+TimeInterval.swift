import Foundation

extension Duration {
    /// The duration in seconds, as Foundation counts time (lease expiry dates).
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
