import Foundation

/// How starts are paced (pure).
///
/// - Open loop: starts are due at fixed times whatever the answers (`--rate 500/s`), or at a rate
///   that changes linearly (`--rate 100/s..2000/s --over 60s`); a start sent late is timed from
///   when it was due, so a server that stalls shows its stall in every start it held up (the
///   coordinated-omission correction wrk2 makes).
/// - Closed loop: `--concurrency 64` starts in flight, each next one sent when one answers.
public enum LoadModel: Sendable, Equatable {
    case open(from: Double, to: Double, over: Double)
    case closed(concurrency: Int)

    /// A constant open-loop rate (starts per second).
    public static func rate(_ perSecond: Double) -> LoadModel { .open(from: perSecond, to: perSecond, over: 0) }

    /// When start `index` (from 0) is due, in seconds from the start of the run (open loop only).
    /// A ramp from `a` to `b` over `T` seconds has rate `a + (b - a) t / T`, so `n(t) = a t + (b - a) t² / 2T`
    /// starts are due by `t`; after `T` the rate stays `b`.
    public func due(_ index: Int) -> Double {
        guard case .open(let a, let b, let over) = self else { return 0 }
        let n = Double(index)
        guard over > 0, a != b else { return n / a }
        let rampStarts = (a + b) / 2 * over
        if n >= rampStarts { return over + (n - rampStarts) / b }
        let k = (b - a) / (2 * over)
        // k t² + a t - n = 0
        return (-a + (a * a + 4 * k * n).squareRoot()) / (2 * k)
    }

    /// The rate at second `t` (open loop).
    public func rate(at t: Double) -> Double {
        guard case .open(let a, let b, let over) = self else { return 0 }
        guard over > 0, t < over else { return b }
        return a + (b - a) * t / over
    }

    /// Why this model cannot run, if it cannot.
    public var problem: String? {
        switch self {
        case .open(let a, let b, let over):
            if !(a > 0 && b > 0) { return "a rate must be above 0/s" }
            if a > 1_000_000 || b > 1_000_000 { return "a rate above 1000000/s is not possible from one process" }
            if over < 0 { return "--over must not be negative" }
            return nil
        case .closed(let n):
            return (1...100_000).contains(n) ? nil : "--concurrency must be from 1 to 100000"
        }
    }

    /// `500/s`, `500` (per second), `30/m`, or `100/s..2000/s` (a ramp, with `over`).
    public static func parse(rate text: String, over: Double?) -> LoadModel? {
        let ends = text.components(separatedBy: "..")
        guard (1...2).contains(ends.count) else { return nil }
        let rates = ends.compactMap(parseRate)
        guard rates.count == ends.count else { return nil }
        if rates.count == 1 { return .rate(rates[0]) }
        guard let over, over > 0 else { return nil }
        return .open(from: rates[0], to: rates[1], over: over)
    }

    static func parseRate(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, seconds) in [("/s", 1.0), ("/m", 60.0), ("/h", 3600.0)] where t.hasSuffix(suffix) {
            return Double(t.dropLast(suffix.count)).map { $0 / seconds }
        }
        return Double(t)
    }

    /// `30s`, `2m`, `1h`, `500ms`, or a number of seconds.
    public static func parse(duration text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, seconds) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where t.hasSuffix(suffix) {
            if suffix == "s" && t.hasSuffix("ms") { continue }
            return Double(t.dropLast(suffix.count)).flatMap { $0 >= 0 ? $0 * seconds : nil }
        }
        return Double(t).flatMap { $0 >= 0 ? $0 : nil }
    }
}
