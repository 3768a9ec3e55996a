import Foundation
public import Histogram

/// A run's result, as `--out FILE` writes it (JSON). Version 1:
///
/// - `endpoint`, `scenario`, `model` (`open` with `from`/`to`/`over` starts per second and seconds,
///   or `closed` with `concurrency`), `seconds` (the run's length), `startSeconds` (how long starts
///   were sent for);
/// - `counts`: `started`, `limitExceeded`, `throttled`, `otherErrors` (by code), `finished` (by
///   status), `callbacksAnswered`, `followCalls` and `followListed` (the ListExecutions calls made
///   to follow the executions to their end, and the executions they listed), and `open` (started
///   and not seen to finish);
/// - `startLatency`, `endToEnd`: HdrHistograms in microseconds (hdrhistogram-swift's Codable form,
///   so two runs' histograms can be read back and compared), and `percentiles`: for each of them
///   `p50`, `p90`, `p99`, `p99.9`, `max` in milliseconds (for readers without an HdrHistogram);
/// - `series`: one point per second: `t`, `starts`, `finishes`, `limitExceeded`, `throttled`, `open`
///   (the endpoint's highest of five samples in the second when it tells it, else the run's own), `limit`, `tokens`, `p50Micros`,
///   `p90Micros`, `p99Micros`, and with several accounts `accountOpen` and `accountLimit`;
/// - `toolCPUSeconds`: the CPU the tool spent (its own cost per start is this over `started`);
/// - `accounts` (several accounts): each one's `accessKeyId`, `started`, `limitExceeded`, `throttled`,
///   `otherErrors`, `maxOpen` and `limit`; `followed` (false with `--no-follow`: no finishes are known);
/// - `tasks`: from a sample of the run's histories (`sampled` of them), per Task state (`kind/State`)
///   HdrHistograms of `queueWait` and `run` in microseconds, and `limitRetries` (child starts
///   refused at the account's limit and retried).
public struct LoadResult: Codable, Sendable {
    public struct Counts: Codable, Sendable, Equatable {
        public var started = 0
        public var limitExceeded = 0
        public var throttled = 0
        public var otherErrors: [String: Int] = [:]
        public var finished: [String: Int] = [:]
        /// `callback`: task tokens the tool answered.
        public var callbacksAnswered = 0
        /// Following to the end: ListExecutions calls made, and the executions they listed.
        public var followCalls = 0
        public var followListed = 0

        /// Started and not (yet) seen to finish.
        public var open: Int { started - finished.values.reduce(0, +) }
    }

    /// One account's share of a run with several (`--account` repeated).
    public struct Account: Codable, Sendable, Equatable {
        public var accessKeyId: String
        public var started = 0
        public var limitExceeded = 0
        public var throttled = 0
        public var otherErrors = 0
        /// The most open executions seen in a second's sample, and the account's limit (Stepwise).
        public var maxOpen: Int?
        public var limit: Int?

        public init(accessKeyId: String) { self.accessKeyId = accessKeyId }
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
        /// This second's StartExecution latency percentiles (microseconds), when it had starts.
        public var p50Micros: UInt64?
        public var p90Micros: UInt64?
        public var p99Micros: UInt64?
        /// With several accounts: each one's open count and limit this second (Stepwise), in `accounts` order.
        public var accountOpen: [Int?]?
        public var accountLimit: [Int?]?

        public init(t: Double) { self.t = t }
    }

    public var version = 1
    public var endpoint: String
    public var scenario: String
    public var model: String
    public var seconds: Double
    /// How long starts were sent for (the start rate's denominator; `seconds` adds the drain).
    public var startSeconds: Double
    public var counts: Counts
    public var startLatency: Histogram<UInt64>
    public var endToEnd: Histogram<UInt64>
    public var series: [Second]
    /// Per Task state figures and limit retries, from a sample of the run's histories.
    public var tasks: TaskFigures?
    /// Each account's figures, when the run started in several.
    public var accounts: [Account]?
    /// The CPU time (user and system) the tool itself spent on the run.
    public var toolCPUSeconds: Double?
    /// Whether executions were followed to their end (not with `--no-follow`).
    public var followed = true
    /// `startLatency` and `endToEnd` as percentiles in milliseconds (written for other readers).
    public var percentiles: [String: [String: Double]]?

    init(endpoint: String, scenario: String, model: String, seconds: Double, startSeconds: Double, counts: Counts,
         startLatency: Histogram<UInt64>, endToEnd: Histogram<UInt64>, series: [Second], tasks: TaskFigures?) {
        self.endpoint = endpoint
        self.scenario = scenario
        self.model = model
        self.seconds = seconds
        self.startSeconds = startSeconds
        self.counts = counts
        self.startLatency = startLatency
        self.endToEnd = endToEnd
        self.series = series
        self.tasks = tasks
        percentiles = [
            "startLatency": Dictionary(uniqueKeysWithValues: Self.percentiles(startLatency)),
            "endToEnd": Dictionary(uniqueKeysWithValues: Self.percentiles(endToEnd)),
        ]
    }

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
        lines.append("started \(counts.started) (\(String(format: "%.1f", Double(counts.started) / max(startSeconds, 0.001)))/s); "
                     + "finished \(finished.isEmpty ? "0" : finished); still open \(counts.open)"
                     + (followed ? "" : " (not followed: --no-follow)"))
        var refused = "refused: ExecutionLimitExceeded \(counts.limitExceeded), ThrottlingException \(counts.throttled)"
        for (code, n) in counts.otherErrors.sorted(by: { $0.key < $1.key }) { refused += ", \(code) \(n)" }
        lines.append(refused)
        for a in accounts ?? [] {
            let open = a.maxOpen.map { "most open \($0)" + (a.limit.map { "/\($0)" } ?? "") } ?? "open unknown"
            lines.append("  account \(a.accessKeyId): started \(a.started), ExecutionLimitExceeded \(a.limitExceeded), "
                         + "ThrottlingException \(a.throttled), other errors \(a.otherErrors), \(open)")
        }
        if counts.callbacksAnswered > 0 { lines.append("task tokens answered \(counts.callbacksAnswered)") }
        if counts.followCalls > 0 {
            lines.append("followed with \(counts.followCalls) ListExecutions calls listing \(counts.followListed) executions"
                         + String(format: " (%.2f a start)", Double(counts.followListed) / Double(max(counts.started, 1))))
        }
        if let cpu = toolCPUSeconds, counts.started > 0 {
            lines.append(String(format: "this tool's CPU: %.0f µs per start", cpu / Double(counts.started) * 1e6))
        }
        var rows: [(String, Histogram<UInt64>)] = [("StartExecution", startLatency), ("start to end", endToEnd)]
        if let tasks, tasks.sampled > 0 {
            for key in tasks.run.keys.sorted() {
                for (what, h) in [("queue wait", tasks.queueWait[key]), ("run", tasks.run[key])] {
                    if let h { rows.append(("\(key) \(what)", h)) }
                }
            }
        }
        let width = max(16, rows.map(\.0.count).max() ?? 0)
        func row(_ name: String, _ cells: String) -> String {
            name + String(repeating: " ", count: width - name.count) + cells
        }
        lines.append(row("latency (ms)", ["p50", "p90", "p99", "p99.9", "max"].map { String(repeating: " ", count: 10 - $0.count) + $0 }.joined()))
        for (index, (name, h)) in rows.enumerated() {
            if index == 2, let tasks {
                lines.append("per Task, from \(tasks.sampled) histories (\(tasks.limitRetries) child starts refused at the limit and retried):")
            }
            let p = Self.percentiles(h)
            lines.append(row(name, p.isEmpty ? "      (none)" : p.map { String(format: "%10.2f", $0.1) }.joined()))
        }
        if let tasks, tasks.sampled > 0, rows.count == 2 {
            lines.append("from \(tasks.sampled) histories: \(tasks.limitRetries) child starts refused at the limit and retried")
        }
        return lines.joined(separator: "\n")
    }
}
