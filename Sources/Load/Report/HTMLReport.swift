import Foundation
public import Histogram
import Mustache

/// The self-contained HTML report of a run (`--report FILE`): the counts, the latency tables and
/// four plots (starts and finishes per second, open executions against the limit, StartExecution
/// latency percentiles per second, the latency distributions), and a fifth of the StartExecution
/// bucket's level when the endpoint tells it (Stepwise), with its CSS inline and no scripts,
/// so it opens anywhere without network access. The page is a swift-mustache template.
public enum HTMLReport {
    public static func render(_ result: LoadResult) throws -> String {
        let template = try MustacheTemplate(string: ReportTemplate.page)
        return template.render(context(result))
    }

    static func context(_ r: LoadResult) -> [String: Any] {
        let finished = r.counts.finished.sorted { $0.key < $1.key }.map { ["status": $0.key, "count": $0.value] as [String: Any] }
        var errors: [[String: Any]] = [
            ["code": "ExecutionLimitExceeded", "count": r.counts.limitExceeded],
            ["code": "ThrottlingException", "count": r.counts.throttled],
        ]
        errors += r.counts.otherErrors.sorted { $0.key < $1.key }.map { ["code": $0.key, "count": $0.value] }
        var latency = [row("StartExecution", r.startLatency), row("start to end", r.endToEnd)]
        if let tasks = r.tasks {
            for key in tasks.run.keys.sorted() {
                if let h = tasks.queueWait[key] { latency.append(row("\(key) queue wait", h)) }
                if let h = tasks.run[key] { latency.append(row("\(key) run", h)) }
            }
        }
        let quotaKnown = r.series.contains { $0.limit != nil }
        return [
            "endpoint": r.endpoint, "scenario": r.scenario, "model": r.model,
            "seconds": String(format: "%.1f", r.seconds),
            "started": r.counts.started, "startRate": String(format: "%.1f", Double(r.counts.started) / max(r.startSeconds, 0.001)),
            "open": r.counts.open, "callbacks": r.counts.callbacksAnswered, "hasCallbacks": r.counts.callbacksAnswered > 0,
            "finished": finished, "errors": errors, "latency": latency,
            "sampled": r.tasks?.sampled ?? 0, "hasSample": (r.tasks?.sampled ?? 0) > 0, "limitRetries": r.tasks?.limitRetries ?? 0,
            "quotaUnknown": !quotaKnown,
            "hasAccounts": r.accounts != nil,
            "accounts": (r.accounts ?? []).map { a in
                ["key": a.accessKeyId, "started": a.started, "limitExceeded": a.limitExceeded, "throttled": a.throttled,
                 "otherErrors": a.otherErrors, "maxOpen": a.maxOpen.map(String.init) ?? "-", "limit": a.limit.map(String.init) ?? "-"] as [String: Any]
            },
            "plots": plots(r).map { ["svg": $0.render()] },
            "summary": r.summary,
        ]
    }

    private static func row(_ name: String, _ h: Histogram<UInt64>) -> [String: Any] {
        let cells = LoadResult.percentiles(h).map { String(format: "%.2f", $0.1) }
        return ["name": name, "cells": cells.isEmpty ? ["-", "-", "-", "-", "-"] : cells, "count": h.totalCount]
    }

    /// The run's plots, in page order.
    static func plots(_ r: LoadResult) -> [SVGPlot] {
        let t = r.series.map(\.t)
        func line(_ name: String, _ color: String, _ values: [Double?], dashed: Bool = false) -> SVGPlot.Series {
            SVGPlot.Series(name: name, color: color, points: zip(t, values).compactMap { x, y in y.map { (x, $0) } }, dashed: dashed)
        }
        let rates = SVGPlot(title: "Starts and finishes per second", xLabel: "seconds", yLabel: "per second", series: [
            line("starts/s", "#2563eb", r.series.map { Double($0.starts) }),
            line("finishes/s", "#16a34a", r.series.map { Double($0.finishes) }),
            line("refused/s", "#dc2626", r.series.map { Double($0.limitExceeded + $0.throttled) }),
        ])
        var openLines = [
            line("open", "#7c3aed", r.series.map { Double($0.open) }),
            line("limit", "#dc2626", r.series.map { $0.limit.map(Double.init) }, dashed: true),
        ]
        if let accounts = r.accounts {
            // Each account against its own limit: isolation shows as one account at its limit and
            // another unaffected.
            let palette = ["#2563eb", "#16a34a", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"]
            openLines = accounts.enumerated().flatMap { i, account in
                let color = palette[i % palette.count]
                return [
                    line(account.accessKeyId, color, r.series.map { $0.accountOpen.flatMap { i < $0.count ? $0[i] : nil }.map(Double.init) }),
                    line("\(account.accessKeyId) limit", color, r.series.map { $0.accountLimit.flatMap { i < $0.count ? $0[i] : nil }.map(Double.init) },
                         dashed: true),
                ]
            }
        }
        let open = SVGPlot(title: "Open executions against the limit", xLabel: "seconds", yLabel: "executions", series: openLines)
        let ms = { (v: UInt64?) in v.map { Double($0) / 1000 } }
        let percentiles = SVGPlot(title: "StartExecution latency per second", xLabel: "seconds", yLabel: "ms", series: [
            line("p50", "#16a34a", r.series.map { ms($0.p50Micros) }),
            line("p90", "#ea580c", r.series.map { ms($0.p90Micros) }),
            line("p99", "#dc2626", r.series.map { ms($0.p99Micros) }),
        ])
        let distribution = SVGPlot(title: "Latency distribution", xLabel: "percentile", yLabel: "ms", series: [
            SVGPlot.Series(name: "StartExecution", color: "#2563eb", points: distributionPoints(r.startLatency)),
            SVGPlot.Series(name: "start to end", color: "#7c3aed", points: distributionPoints(r.endToEnd)),
        ], xAxis: .percentile)
        var plots = [rates, open, percentiles, distribution]
        if r.series.contains(where: { $0.tokens != nil }) {
            plots.append(SVGPlot(title: "StartExecution bucket (first account)", xLabel: "seconds", yLabel: "tokens", series: [
                line("tokens left", "#0891b2", r.series.map(\.tokens)),
            ]))
        }
        return plots
    }

    /// (percentile, milliseconds) from 0 to 99.999, denser towards the tail.
    static func distributionPoints(_ h: Histogram<UInt64>) -> [(x: Double, y: Double)] {
        guard h.totalCount > 0 else { return [] }
        var levels: [Double] = stride(from: 0.0, through: 90, by: 10).map { $0 }
        for decade in 1...4 {
            let base = 100 - 10 / pow(10, Double(decade - 1))
            let next = 100 - 10 / pow(10, Double(decade))
            levels += stride(from: 1, through: 9, by: 1).map { base + (next - base) * Double($0) / 10 }
            levels.append(next)
        }
        return levels.map { ($0, Double(h.valueAtPercentile($0)) / 1000) }
    }
}
