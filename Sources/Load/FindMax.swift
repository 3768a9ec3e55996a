import Histogram
import Synchronization

/// Runs `--find-max`: one load run per step of the `RateSearch`, each `stepSeconds` long at the
/// step's rate (then draining as the options say, so one step's executions do not weigh on the
/// next), until the search is done or the run is stopped.
public final class FindMax: Sendable {
    public struct Outcome: Sendable {
        public var search: RateSearch
        /// The run of the highest rate that passed.
        public var best: LoadResult?

        /// The closing lines.
        public var summary: String {
            var lines = search.steps.map { step in
                "  \(Int(step.rate.rounded()))/s: \(step.passed ? "sustained" : "not sustained") (\(step.why))"
            }
            let bound = "p99 StartExecution under \(Int(search.p99BoundMillis)) ms, no errors but the limit's"
            if let good = search.highestPass {
                var line = "find-max: the highest start rate sustained is \(Int(good.rounded()))/s (\(bound))"
                if let bad = search.lowestFail { line += "; \(Int(bad.rounded()))/s was not" }
                lines.append(line)
            } else {
                lines.append("find-max: no rate tried was sustained (\(bound))")
            }
            return lines.joined(separator: "\n")
        }
    }

    let options: LoadOptions
    let stepSeconds: Double
    private let state: Mutex<(current: LoadRun?, stopped: Bool)> = Mutex((nil, false))
    private let initial: RateSearch

    public init(options: LoadOptions, search: RateSearch, stepSeconds: Double) {
        self.options = options
        self.initial = search
        self.stepSeconds = stepSeconds
    }

    /// Stops the step running and ends the search (Ctrl-C).
    public func stop() {
        let run = state.withLock { s in
            s.stopped = true
            return s.current
        }
        run?.stop()
    }

    public func run() async throws -> Outcome {
        var search = initial
        var best: LoadResult?
        while let rate = search.next {
            var step = options
            step.model = .rate(rate)
            step.duration = stepSeconds
            step.executions = nil
            let load = LoadRun(options: step)
            guard state.withLock({ s in s.current = load; return !s.stopped }) else { break }
            let result = try await load.run()
            if state.withLock({ $0.stopped }) { break }
            let c = result.counts
            let p99 = result.startLatency.totalCount > 0 ? Double(result.startLatency.valueAtPercentile(99)) / 1000 : nil
            let (passed, why) = search.verdict(rate: rate, seconds: result.startSeconds, answered: c.started + c.limitExceeded,
                                               p99Millis: p99, throttled: c.throttled, otherErrors: c.otherErrors.values.reduce(0, +))
            options.progress("find-max: \(Int(rate.rounded()))/s \(passed ? "sustained" : "not sustained"): \(why)", true)
            search.record(passed: passed, why: why)
            if passed, rate >= (search.highestPass ?? 0) { best = result }
        }
        return Outcome(search: search, best: best)
    }
}
