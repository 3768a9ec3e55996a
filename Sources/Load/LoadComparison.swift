import Foundation
import Histogram

/// `stepwise load compare A.json B.json`: two runs' figures side by side, with B's change from A
/// (pure). Latencies are read from the HdrHistograms each result carries, so any percentile of either
/// run can be compared, not only those printed when it ran.
public enum LoadComparison {
    public static func text(_ a: LoadResult, _ b: LoadResult, names: (String, String) = ("A", "B")) -> String {
        var rows: [(String, String, String, String)] = []
        func count(_ name: String, _ x: Double, _ y: Double, format: String = "%.0f") {
            rows.append((name, String(format: format, x), String(format: format, y), change(x, y)))
        }
        count("start rate (/s)", rate(a), rate(b), format: "%.1f")
        count("started", Double(a.counts.started), Double(b.counts.started))
        count("ExecutionLimitExceeded", Double(a.counts.limitExceeded), Double(b.counts.limitExceeded))
        count("ThrottlingException", Double(a.counts.throttled), Double(b.counts.throttled))
        for code in Set(a.counts.otherErrors.keys).union(b.counts.otherErrors.keys).sorted() {
            count(code, Double(a.counts.otherErrors[code] ?? 0), Double(b.counts.otherErrors[code] ?? 0))
        }
        for status in Set(a.counts.finished.keys).union(b.counts.finished.keys).sorted() {
            count("finished \(status)", Double(a.counts.finished[status] ?? 0), Double(b.counts.finished[status] ?? 0))
        }
        count("still open", Double(a.counts.open), Double(b.counts.open))
        var latencies = [("StartExecution", a.startLatency, b.startLatency), ("start to end", a.endToEnd, b.endToEnd)]
        if let ta = a.tasks, let tb = b.tasks {
            for key in Set(ta.run.keys).intersection(tb.run.keys).sorted() {
                if let x = ta.queueWait[key], let y = tb.queueWait[key] { latencies.append(("\(key) queue wait", x, y)) }
                if let x = ta.run[key], let y = tb.run[key] { latencies.append(("\(key) run", x, y)) }
            }
        }
        for (name, x, y) in latencies where x.totalCount > 0 || y.totalCount > 0 {
            let px = Dictionary(uniqueKeysWithValues: LoadResult.percentiles(x))
            let py = Dictionary(uniqueKeysWithValues: LoadResult.percentiles(y))
            for level in ["p50", "p90", "p99", "p99.9", "max"] {
                let (u, v) = (px[level], py[level])
                rows.append(("\(name) \(level) (ms)", u.map { String(format: "%.2f", $0) } ?? "-", v.map { String(format: "%.2f", $0) } ?? "-",
                             u.flatMap { u in v.map { change(u, $0) } } ?? ""))
            }
        }
        let header = ("", names.0, names.1, "change")
        let widths = [rows.map(\.0.count).max() ?? 0, max(12, names.0.count), max(12, names.1.count), 10]
        func line(_ r: (String, String, String, String)) -> String {
            r.0.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                + [r.1, r.2, r.3].enumerated().map { i, cell in String(repeating: " ", count: max(1, widths[i + 1] + 2 - cell.count)) + cell }.joined()
        }
        var out = ["A: \(a.scenario) on \(a.endpoint), \(a.model), \(String(format: "%.1f", a.seconds)) s",
                   "B: \(b.scenario) on \(b.endpoint), \(b.model), \(String(format: "%.1f", b.seconds)) s", line(header)]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    static func rate(_ r: LoadResult) -> Double { Double(r.counts.started) / max(r.startSeconds, 0.001) }

    /// B's change from A: a percentage, or `new`/`gone` when one side is zero.
    static func change(_ a: Double, _ b: Double) -> String {
        if a == b { return "=" }
        if a == 0 { return "new" }
        if b == 0 { return "-100%" }
        return String(format: "%+.1f%%", (b - a) / a * 100)
    }
}
