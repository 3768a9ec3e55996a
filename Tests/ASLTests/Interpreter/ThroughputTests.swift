import ASL
import EngineTesting
import Testing
import Foundation

@Suite struct ThroughputTests {
    /// A chain of Pass states driven synchronously; prints transitions per second.
    @Test func passTransitionsPerSecond() throws {
        var states: [String] = []
        let count = 100
        for i in 0..<count {
            let next = i == count - 1 ? #""End": true"# : #""Next": "S\#(i + 1)""#
            states.append(#""S\#(i)": {"Type": "Pass", \#(next)}"#)
        }
        let definition = try StateMachineDefinition(parsing: #"{"StartAt": "S0", "States": {\#(states.joined(separator: ","))}}"#)
        for history in [false, true] {
            var driver = SynchronousDriver(recordsHistory: history)
            let input = Fixtures.json(#"{"order": {"id": 17, "items": [1, 2, 3]}}"#)
            let runs = 500
            let started = Date()
            for _ in 0..<runs {
                let run = driver.run(definition, input: input)
                try #require(run.result.status == .succeeded)
            }
            let seconds = Date().timeIntervalSince(started)
            let rate = Double(runs * count) / seconds
            print("interpreter throughput (history \(history)): \(Int(rate)) Pass transitions/s")
            #expect(rate > 2_000, "a smoke floor for debug builds on a busy machine; the benchmark measures release builds")
        }
    }
}
