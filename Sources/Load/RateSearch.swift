import Foundation

/// `--find-max`: the search for the highest open-loop start rate an endpoint sustains (pure).
///
/// A step runs the load at one rate for a while; it passes when the starts answered (accepted or
/// refused at the account's limit, the expected refusal) kept up with the rate (95 %), the p99
/// StartExecution latency stayed under the bound, and nothing else went wrong (no throttling, no
/// other errors). The rate doubles until a step fails, then bisects between the highest pass and
/// the lowest failure until they are within 10 % of each other (or twelve steps have run).
public struct RateSearch: Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var rate: Double
        public var passed: Bool
        public var why: String
    }

    public let p99BoundMillis: Double
    public private(set) var steps: [Step] = []
    public private(set) var highestPass: Double?
    public private(set) var lowestFail: Double?
    /// The rate of the next step, or nil when the search is done.
    public private(set) var next: Double?

    public init(from rate: Double, p99BoundMillis: Double) {
        self.p99BoundMillis = p99BoundMillis
        self.next = rate
    }

    /// Judges one step's figures.
    public func verdict(rate: Double, seconds: Double, answered: Int, p99Millis: Double?, throttled: Int, otherErrors: Int) -> (Bool, String) {
        let achieved = Double(answered) / max(seconds, 0.001)
        let p99 = p99Millis.map { String(format: "%.1f ms", $0) } ?? "-"
        let figures = String(format: "%.1f/s answered, p99 ", achieved) + p99 + ", \(throttled) throttled, \(otherErrors) other errors"
        if throttled > 0 || otherErrors > 0 { return (false, figures) }
        guard let p99Millis, p99Millis <= p99BoundMillis else { return (false, figures) }
        return (achieved >= 0.95 * rate ? true : false, figures)
    }

    /// Records the step at `next` and chooses the one after it.
    public mutating func record(passed: Bool, why: String) {
        guard let rate = next else { return }
        steps.append(Step(rate: rate, passed: passed, why: why))
        if passed { highestPass = max(highestPass ?? 0, rate) } else { lowestFail = min(lowestFail ?? .infinity, rate) }
        if steps.count >= 12 { next = nil; return }
        switch (highestPass, lowestFail) {
        case (let good?, nil): next = good * 2
        case (nil, let bad?): next = bad / 2 >= 1 ? bad / 2 : nil
        case (let good?, let bad?): next = bad / good <= 1.1 ? nil : ((good + bad) / 2).rounded()
        case (nil, nil): next = nil
        }
    }
}
