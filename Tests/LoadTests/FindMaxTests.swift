import Foundation
import Load
import Testing

@Suite("stepwise load --find-max", .timeLimit(.minutes(3)))
struct FindMaxTests {
    @Test("the search doubles until a step fails, then bisects to within 10 %")
    func search() {
        // An endpoint that sustains up to 300/s.
        var s = RateSearch(from: 50, p99BoundMillis: 100)
        var tried: [Double] = []
        while let rate = s.next {
            tried.append(rate)
            s.record(passed: rate <= 300, why: "")
        }
        #expect(tried == [50, 100, 200, 400, 300, 350, 325])
        #expect(s.highestPass == 300 && s.lowestFail == 325)
        // Nothing sustained: halves down to 1/s, then gives up.
        var none = RateSearch(from: 8, p99BoundMillis: 100)
        while none.next != nil { none.record(passed: false, why: "") }
        #expect(none.steps.map(\.rate) == [8, 4, 2, 1])
        #expect(none.highestPass == nil)
    }

    @Test("a step passes only if the starts kept up, p99 stayed under the bound, and only the limit refused")
    func verdict() {
        let s = RateSearch(from: 100, p99BoundMillis: 100)
        #expect(s.verdict(rate: 100, seconds: 10, answered: 990, p99Millis: 40, throttled: 0, otherErrors: 0).0)
        #expect(!s.verdict(rate: 100, seconds: 10, answered: 900, p99Millis: 40, throttled: 0, otherErrors: 0).0)
        #expect(!s.verdict(rate: 100, seconds: 10, answered: 1000, p99Millis: 140, throttled: 0, otherErrors: 0).0)
        #expect(!s.verdict(rate: 100, seconds: 10, answered: 1000, p99Millis: 40, throttled: 1, otherErrors: 0).0)
        #expect(!s.verdict(rate: 100, seconds: 10, answered: 1000, p99Millis: 40, throttled: 0, otherErrors: 2).0)
        #expect(!s.verdict(rate: 100, seconds: 10, answered: 0, p99Millis: nil, throttled: 0, otherErrors: 0).0)
    }

    @Test("against an endpoint that throttles beyond 150 starts a second, --find-max reports about 150/s (125 to 158: a step of 2 s passes a little above, on the bucket of 15)")
    func findsTheCeiling() async throws {
        try await StandIn.with(mode: "capacity:150") { endpoint in
            let options = LoadOptions(
                endpoint: endpoint, accounts: [AWSCredentials(accessKeyId: "k", secretAccessKey: "s")], region: "us-east-1",
                model: .rate(50), duration: 2, executions: nil, scenario: .flat, drain: 0)
            let outcome = try await FindMax(options: options, search: RateSearch(from: 50, p99BoundMillis: 500), stepSeconds: 2).run()
            let found = try #require(outcome.search.highestPass, "\(outcome.summary)")
            #expect((125...158).contains(found), "\(outcome.summary)")
            #expect(outcome.search.steps.contains { $0.rate == 200 && !$0.passed }, "\(outcome.summary)")
            #expect(outcome.best?.counts.started ?? 0 >= Int(found * 2 * 0.95), "\(outcome.summary)")
            #expect(outcome.summary.contains("the highest start rate sustained is \(Int(found))/s"))
        }
    }
}
