import Foundation
public import Histogram

/// A run's result, as `--out FILE` writes it (JSON). Version 1:
///
/// - `endpoint`, `scenario`, `model` (`open` with `from`/`to`/`over` starts per second and seconds,
///   or `closed` with `concurrency`), `seconds` (the run's length);
/// - `counts`: `started`, `limitExceeded`, `throttled`, `otherErrors` (by code), `finished` (by
///   status), `open` (started and not seen to finish);
/// - `startLatency`, `endToEnd`: HdrHistograms in microseconds (hdrhistogram-swift's Codable form,
///   so two runs' histograms can be read back and compared), and their `percentiles`
///   (`p50`, `p90`, `p99`, `p99.9`, `max`, in milliseconds);
/// - `series`: one point per second: `t`, `starts`, `finishes`, `limitExceeded`, `throttled`, `open`
///   (the endpoint's count when it tells it, else the run's own), `limit`, `tokens`, `p99Micros`.
public struct LoadResult: Codable, Sendable {
    public struct Counts: Codable, Sendable, Equatable {
        public var started = 0
        public var limitExceeded = 0
        public var throttled = 0
        public var otherErrors: [String: Int] = [:]
        public var finished: [String: Int] = [:]

        /// Started and not (yet) seen to finish.
        public var open: Int { started - finished.values.reduce(0, +) }
    }

    public struct Second: Codable, Sendable, Equatable {
        public var t: Double
        public var starts = 0
        public var finishes = 0
        public var limitExceeded = 0
        public var throttled = 0
        public var open = 0
        public var limit: Int?
        public var tokens: Double?
        public var p99Micros: UInt64?

        public init(t: Double) { self.t = t }
    }

    public var version = 1
    public var endpoint: String
    public var scenario: String
    public var model: String
    public var seconds: Double
    public var counts: Counts
    public var startLatency: Histogram<UInt64>
    public var endToEnd: Histogram<UInt64>
    public var series: [Second]

    /// p50, p90, p99, p99.9 and max of a histogram of microseconds, in milliseconds.
    public static func percentiles(_ h: Histogram<UInt64>) -> [(String, Double)] {
        guard h.totalCount > 0 else { return [] }
        return [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9)].map { ($0.0, Double(h.valueAtPercentile($0.1)) / 1000) }
            + [("max", Double(h.max) / 1000)]
    }

    /// The summary table printed at the end.
    public var summary: String {
        var lines = ["\(scenario) on \(endpoint), \(model), \(String(format: "%.1f", seconds)) s"]
        let finished = counts.finished.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        lines.append("started \(counts.started) (\(String(format: "%.1f", Double(counts.started) / max(seconds, 0.001)))/s); "
                     + "finished \(finished.isEmpty ? "0" : finished); still open \(counts.open)")
        var refused = "refused: ExecutionLimitExceeded \(counts.limitExceeded), ThrottlingException \(counts.throttled)"
        for (code, n) in counts.otherErrors.sorted(by: { $0.key < $1.key }) { refused += ", \(code) \(n)" }
        lines.append(refused)
        lines.append("latency (ms)           p50       p90       p99     p99.9       max")
        for (name, h) in [("StartExecution", startLatency), ("start to end", endToEnd)] {
            let p = Self.percentiles(h)
            let cells = p.isEmpty ? "(none)" : p.map { String(format: "%9.2f", $0.1) }.joined(separator: " ")
            lines.append(name.padding(toLength: 16, withPad: " ", startingAt: 0) + " " + cells)
        }
        return lines.joined(separator: "\n")
    }
}
