import JSONValue
import Messages
import Testing
import Worker

@Suite struct ConcurrencyTests {
    /// 20 sleeping tasks with concurrency 4 and a prefetch of 20: the broker hands the worker all
    /// of them, yet never more than 4 handlers run at once (and 4 do).
    @Test func concurrencyBoundsRunningHandlers() async throws {
        let fn = TestBroker.unique("bounded")
        let h = try await Harness(functions: [fn])
        let gauge = Gauge()
        var worker = Worker()
        worker.handle(fn) { input, _ in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .milliseconds(150))
            return input
        }
        let sent = (0..<20).map { h.invocation(fn, input: .int($0)) }
        let config = h.configuration(concurrency: 4, prefetch: 20)
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: config, logger: TestBroker.logger)) {
            try await h.send(sent)
            return try await h.results(20, seconds: 30)
        }
        #expect(results.count == 20)
        #expect(Set(results.map(\.key)) == Set(sent.map(\.key)))
        #expect(results.allSatisfy { if case .succeeded = $0.outcome { true } else { false } })
        #expect(gauge.max == 4)
        await h.close()
    }
}
