import Foundation

/// A line plot as inline SVG, for the HTML report (pure). Written by hand: no charting package in
/// the mirror draws SVG from Swift, and a report that must open without network access cannot load
/// a JavaScript one; lines, axes, ticks and a legend are all it needs.
struct SVGPlot {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
        var dashed = false
    }

    /// How x is laid out: linear, or as a latency distribution (percentile p at log10(100 / (100 - p)),
    /// so 90, 99, 99.9 and 99.99 are evenly spaced).
    enum XAxis {
        case linear
        case percentile
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var xAxis = XAxis.linear
    var width = 640.0
    var height = 260.0

    private let left = 64.0, right = 16.0, top = 30.0, bottom = 42.0

    /// Where percentile `p` sits on a distribution's x axis.
    static func percentileX(_ p: Double) -> Double { log10(100 / max(100 - p, 0.001)) }

    func render() -> String {
        let drawn = series.filter { !$0.points.isEmpty }
        let xs = drawn.flatMap { $0.points.map { x($0.x) } }
        let ys = drawn.flatMap { $0.points.map(\.y) }
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1e-9)
        let yTicks = Self.ticks(upTo: ys.max() ?? 1)
        let y1 = yTicks.last ?? 1
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ v: Double) -> Double { left + (x(v) - x0) / (x1 - x0) * plotW }
        func py(_ v: Double) -> Double { top + plotH - v / y1 * plotH }
        var svg = [#"<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-label="\#(Self.escape(title))">"#]
        svg.append(#"<text class="title" x="\#(f(left))" y="18">\#(Self.escape(title))</text>"#)
        for t in yTicks {
            svg.append(#"<line class="grid" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(py(t)))" y2="\#(f(py(t)))"/>"#)
            svg.append(#"<text class="tick" x="\#(f(left - 6))" y="\#(f(py(t) + 4))" text-anchor="end">\#(Self.label(t))</text>"#)
        }
        for (value, text) in xTicks(from: x0, to: x1) {
            let at = left + (value - x0) / (x1 - x0) * plotW
            let anchor = at > width - right - 20 ? "end" : "middle"
            svg.append(#"<text class="tick" x="\#(f(at))" y="\#(f(top + plotH + 16))" text-anchor="\#(anchor)">\#(text)</text>"#)
        }
        svg.append(#"<line class="axis" x1="\#(f(left))" x2="\#(f(left))" y1="\#(f(top))" y2="\#(f(top + plotH))"/>"#)
        svg.append(#"<line class="axis" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(top + plotH))" y2="\#(f(top + plotH))"/>"#)
        svg.append(#"<text class="label" x="\#(f(left + plotW / 2))" y="\#(f(height - 6))" text-anchor="middle">\#(Self.escape(xLabel))</text>"#)
        svg.append(#"<text class="label" transform="translate(14 \#(f(top + plotH / 2))) rotate(-90)" text-anchor="middle">\#(Self.escape(yLabel))</text>"#)
        for s in drawn {
            let points = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            let dash = s.dashed ? #" stroke-dasharray="6 4""# : ""
            svg.append(#"<polyline class="series" fill="none" stroke="\#(s.color)" stroke-width="2"\#(dash) points="\#(points)"><title>\#(Self.escape(s.name))</title></polyline>"#)
        }
        var legendX = width - right
        for s in drawn.reversed() {
            legendX -= Double(s.name.count) * 6.5 + 28
            svg.append(#"<line x1="\#(f(legendX))" x2="\#(f(legendX + 16))" y1="14" y2="14" stroke="\#(s.color)" stroke-width="3"/>"#)
            svg.append(#"<text class="legend" x="\#(f(legendX + 20))" y="18">\#(Self.escape(s.name))</text>"#)
        }
        if drawn.isEmpty {
            svg.append(#"<text class="empty" x="\#(f(left + plotW / 2))" y="\#(f(top + plotH / 2))" text-anchor="middle">no data</text>"#)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private func x(_ v: Double) -> Double {
        switch xAxis {
        case .linear: v
        case .percentile: Self.percentileX(v)
        }
    }

    /// Tick positions (already on the laid-out axis) and their labels.
    private func xTicks(from x0: Double, to x1: Double) -> [(Double, String)] {
        switch xAxis {
        case .percentile:
            return [(0.0, "0%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"), (5, "99.999%")].filter { $0.0 <= x1 + 1e-9 }
        case .linear:
            return Self.ticks(upTo: x1).map { ($0, Self.label($0)) }.filter { $0.0 >= x0 - 1e-9 && $0.0 <= x1 + 1e-9 }
        }
    }

    /// 0 and about five round steps up to at least `maxValue`.
    static func ticks(upTo maxValue: Double) -> [Double] {
        let top = maxValue > 0 && maxValue.isFinite ? maxValue : 1
        let raw = top / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (0...Int((top / step).rounded(.up))).map { Double($0) * step }
    }

    static func label(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return v >= 10_000 ? String(format: "%.0fk", v / 1000) : String(Int(v)) }
        return String(format: abs(v) < 1 ? "%.2f" : "%.1f", v)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
