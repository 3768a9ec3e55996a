import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Load
import Testing

/// The open loop against a stand-in endpoint whose answers take 10 ms, with a 1 s stall: the
/// starts due during the stall must show it, each from when it was due (coordinated omission
/// corrected), so the percentiles are those of the known distribution.
@Suite(.timeLimit(.minutes(2)))
struct OpenLoopTests {
    @Test("100/s for 3 s with a 1 s stall: p50 is the 10 ms answer, p90 about 0.71 s, p99 about 0.98 s, max about 1 s")
    func stallIsMeasured() async throws {
        try await StandIn.with(mode: "stall") { endpoint in
            let options = LoadOptions(
                endpoint: endpoint, accounts: [AWSCredentials(accessKeyId: "k", secretAccessKey: "s")],
                region: "us-east-1", model: .rate(100), duration: 3, executions: nil, scenario: .flat, drain: 0,
                progress: { _, _ in })
            let result = try await LoadRun(options: options).run()
            #expect(result.counts.started == 300)
            #expect(result.counts.otherErrors.isEmpty)
            let p = Dictionary(uniqueKeysWithValues: LoadResult.percentiles(result.startLatency))
            // 200 of the 300 starts are answered in about 10 ms; the 100 due during the stall wait for its
            // end, from 1.01 s (due as it began) down to 0.01 s (due as it ended): uniform, so the top
            // 10% of all starts (30% of those) wait at least 0.71 s, and the top 1% at least 0.98 s.
            // Each answer also carries the stand-in's own overhead (tens of ms on a busy host), which the
            // unstalled majority shows as p50: the stall's share is measured above it.
            let base = try #require(p["p50"])
            #expect(base < 200, "\(p)")
            #expect((600.0...820.0).contains(try #require(p["p90"]) - base), "\(p)")
            #expect((880.0...1100.0).contains(try #require(p["p99"]) - base), "\(p)")
            #expect((930.0...1300.0).contains(try #require(p["max"]) - base), "\(p)")
        }
    }
}
