import Histogram
import Synchronization

/// Runs `--find-max`: one load run per step of the `RateSearch`, each `stepSeconds` long at the
/// step's rate (then draining as the options say, so one step's executions do not weigh on the
/// next), a failing step once more before it counts, until the search is done or the run is stopped.
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

    /// One step at `rate`, judged; nil if the search was stopped.
    private func runStep(_ rate: Double) async throws -> (passed: Bool, why: String, result: LoadResult)? {
        var step = options
        step.model = .rate(rate)
        step.duration = stepSeconds
        step.executions = nil
        let load = LoadRun(options: step)
        guard state.withLock({ s in s.current = load; return !s.stopped }) else { return nil }
        let result = try await load.run()
        if state.withLock({ $0.stopped }) { return nil }
        let c = result.counts
        let p99 = result.startLatency.totalCount > 0 ? Double(result.startLatency.valueAtPercentile(99)) / 1000 : nil
        let (passed, why) = RateSearch(from: rate, p99BoundMillis: initial.p99BoundMillis).verdict(
            rate: rate, seconds: result.startSeconds, answered: c.started + c.limitExceeded, p99Millis: p99,
            throttled: c.throttled, otherErrors: c.otherErrors.values.reduce(0, +))
        return (passed, why, result)
    }

    public func run() async throws -> Outcome {
        var search = initial
        var best: LoadResult?
        while let rate = search.next {
            // A failing step runs once more before it counts: on a shared host one stall in a step
            // decides its p99, and the search should find the rate, not the stall.
            var verdict: (passed: Bool, why: String, result: LoadResult)?
            for attempt in 1...2 where verdict?.passed != true {
                guard let step = try await runStep(rate) else { return Outcome(search: search, best: best) }
                verdict = step
                let note = attempt == 2 ? " (second try)" : ""
                options.progress("find-max: \(Int(rate.rounded()))/s \(step.passed ? "sustained" : "not sustained")\(note): \(step.why)", true)
            }
            guard let verdict else { break }
            search.record(passed: verdict.passed, why: verdict.why)
            if verdict.passed, rate >= (search.highestPass ?? 0) { best = verdict.result }
        }
        return Outcome(search: search, best: best)
    }
}
