import Foundation
import Histogram
@testable import Load
import Testing

@Suite("stepwise load: the HTML report and compare")
struct ReportTests {
    static func result(starts: [Int], micros: UInt64, endpoint: String = "http://127.0.0.1:8083") -> LoadResult {
        var start = LoadRecorder.histogram()
        var end = LoadRecorder.histogram()
        for i in 0..<starts.reduce(0, +) {
            _ = start.record(micros + UInt64(i))
            _ = end.record(micros * 10)
        }
        let series = starts.enumerated().map { i, n in
            var s = LoadResult.Second(t: Double(i + 1))
            s.starts = n
            s.finishes = n
            s.open = n / 2
            s.limit = 20
            s.tokens = Double(100 - i)
            s.p50Micros = micros
            s.p90Micros = micros * 2
            s.p99Micros = micros * 3
            return s
        }
        var counts = LoadResult.Counts()
        counts.started = starts.reduce(0, +)
        counts.finished = ["SUCCEEDED": counts.started]
        return LoadResult(endpoint: endpoint, scenario: "flat", model: "open loop 10.0/s", seconds: Double(starts.count),
                          startSeconds: Double(starts.count), counts: counts, startLatency: start, endToEnd: end, series: series, tasks: nil)
    }

    @Test("ticks are round steps from 0 past the largest value")
    func ticks() {
        #expect(SVGPlot.ticks(upTo: 37) == [0, 10, 20, 30, 40])
        #expect(SVGPlot.ticks(upTo: 1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(SVGPlot.ticks(upTo: 0) == SVGPlot.ticks(upTo: 1))
        #expect(SVGPlot.percentileX(99) == 2)
    }

    @Test("the report draws five plots with lines (the bucket's when the endpoint tells it), and escapes what it shows")
    func report() throws {
        let page = try HTMLReport.render(Self.result(starts: [10, 12, 9], micros: 4000, endpoint: "http://x/<script>"))
        #expect(page.components(separatedBy: #"<svg class="plot""#).count == 6)
        #expect(page.contains("StartExecution bucket"))
        #expect(page.components(separatedBy: #"<polyline class="series""#).count - 1 >= 5)
        #expect(!page.contains("<script>"))
        #expect(page.contains("http://x/&lt;script&gt;"))
        #expect(page.contains(#"<b id="started">31</b>"#))
        // Nothing fetched from elsewhere: no scripts, stylesheets or images by address.
        #expect(!page.contains("src=") && !page.contains("<link"))
    }

    @Test("an empty run still renders, each plot saying it has no data")
    func emptyReport() throws {
        let page = try HTMLReport.render(Self.result(starts: [], micros: 1000))
        #expect(page.components(separatedBy: ">no data<").count - 1 == 4)
    }

    @Test("compare shows both runs' figures and B's change from A")
    func compare() {
        let a = Self.result(starts: [10, 10], micros: 4000)
        let b = Self.result(starts: [20, 20], micros: 8000)
        let text = LoadComparison.text(a, b)
        let line = { (name: String) in text.split(separator: "\n").first { $0.hasPrefix(name) }.map(String.init) ?? "" }
        #expect(line("started").hasSuffix("+100.0%"))
        #expect(line("started").contains(" 20 ") && line("started").contains(" 40 "))
        #expect(line("StartExecution p50 (ms)").contains("4.01") && line("StartExecution p50 (ms)").hasSuffix("+100.0%"), "\(text)")
        #expect(line("ExecutionLimitExceeded").hasSuffix("="))
        #expect(LoadComparison.change(0, 3) == "new" && LoadComparison.change(3, 0) == "-100%")
    }
}
