import ASL
import EngineTesting
import Foundation
import JSONValue

/// Interpreter state transitions per second on one core (the synchronous driver, virtual time,
/// history off), for three workloads; and a calibration measured in the same run: Foundation
/// JSONSerialization round trips of the same small payload.
public enum InterpreterBenchmark {
    public struct Figure: Sendable {
        public var name: String
        public var transitionsPerSecond: Double
        public var transitionsPerExecution: Int
    }

    /// A chain of `length` Pass states with a small payload.
    public static func passChain(length: Int = 100) -> String {
        var states: [String] = []
        for i in 0..<length {
            let next = i + 1 < length ? "\"Next\": \"P\(i + 1)\"" : "\"End\": true"
            states.append("\"P\(i)\": {\"Type\": \"Pass\", \(next)}")
        }
        return "{\"StartAt\": \"P0\", \"States\": {\(states.joined(separator: ", "))}}"
    }

    /// A Pass that counts and a Choice that loops until `iterations`.
    public static func choiceLoop(iterations: Int = 1000) -> String {
        """
        {"StartAt": "Count", "States": {
          "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Loop"},
          "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": \(iterations), "Next": "Count"}], "Default": "Done"},
          "Done": {"Type": "Succeed"}}}
        """
    }

    /// An inline Map over the input's `items` with a one-Pass iterator.
    public static let map = """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}, "End": true}}}
        """

    public static func run(seconds: Double = 2) throws -> [Figure] {
        let items = JSON.array((0..<1000).map { JSON.object(JSONObject([("id", .int($0)), ("v", .string("x"))])) })
        let cases: [(String, String, JSON)] = [
            ("Pass chain (100 states)", passChain(), .object(JSONObject([("a", .int(1)), ("b", .string("x"))]))),
            ("Choice loop (1,000 rounds)", choiceLoop(), .object(JSONObject([("n", .int(0))]))),
            ("Map of 1,000 items", map, .object(JSONObject([("items", items)]))),
        ]
        return try cases.map { name, text, input in
            let definition = try StateMachineDefinition(parsing: text)
            // Count the transitions (states entered) once, from the history.
            var counting = SynchronousDriver()
            let sample = counting.run(definition, input: input)
            guard sample.result.status == .succeeded else {
                throw BenchmarkFailure("\(name) ended \(sample.result.status): \(sample.result.error ?? "") \(sample.result.cause ?? "")")
            }
            let transitions = sample.history.filter { $0.type.hasSuffix("StateEntered") || $0.type == "MapIterationStarted" }.count
            var driver = SynchronousDriver(recordsHistory: false)
            var runs = 0
            let clock = ContinuousClock()
            let start = clock.now
            while (clock.now - start).seconds < seconds {
                _ = driver.run(definition, input: input)
                runs += 1
            }
            let elapsed = (clock.now - start).seconds
            return Figure(name: name, transitionsPerSecond: Double(runs * transitions) / elapsed, transitionsPerExecution: transitions)
        }
    }

    /// Foundation JSONSerialization round trips/s of the Pass chain's payload: the calibration.
    public static func foundationRoundTrips(seconds: Double = 1) -> Double {
        let payload = Data("{\"a\":1,\"b\":\"x\"}".utf8)
        var n = 0
        let clock = ContinuousClock()
        let start = clock.now
        while (clock.now - start).seconds < seconds {
            for _ in 0..<1000 {
                if let o = try? JSONSerialization.jsonObject(with: payload),
                   let d = try? JSONSerialization.data(withJSONObject: o) { n &+= d.count > 0 ? 1 : 0 }
            }
        }
        return Double(n) / (clock.now - start).seconds
    }
}

/// A benchmark workload that did not run as it should.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
