import ASL
import EngineTesting
import Foundation
import JSONValue

/// The JSON codec against Foundation's JSONSerialization on the same document, in the same run.
public enum JSONBenchmark {
    public struct Figures: Sendable {
        public var documentBytes: Int
        public var parseMBps: Double, serializeMBps: Double
        public var foundationParseMBps: Double, foundationSerializeMBps: Double
    }

    public static func run(approximateBytes: Int = 205_000, iterations: Int = 20) throws -> Figures {
        let text = JSONSample.sampleDocument(approximateBytes: approximateBytes)
        let bytes = Array(text.utf8)
        let data = Data(bytes)
        let megabytes = Double(bytes.count * iterations) / 1_000_000
        let clock = ContinuousClock()

        var parsed = JSON.null
        let parse = clock.measure { for _ in 0..<iterations { parsed = (try? JSON(parsing: bytes)) ?? .null } }
        guard parsed != .null else { throw BenchmarkFailure("the codec could not parse its sample document") }
        var total = 0
        let serialize = clock.measure { for _ in 0..<iterations { total &+= parsed.serialized().utf8.count } }

        var object: Any = NSNull()
        let foundationParse = try clock.measure { for _ in 0..<iterations { object = try JSONSerialization.jsonObject(with: data) } }
        let foundationSerialize = try clock.measure {
            for _ in 0..<iterations { total &+= try JSONSerialization.data(withJSONObject: object).count }
        }
        return Figures(documentBytes: bytes.count,
                       parseMBps: megabytes / parse.seconds, serializeMBps: megabytes / serialize.seconds,
                       foundationParseMBps: megabytes / foundationParse.seconds,
                       foundationSerializeMBps: megabytes / foundationSerialize.seconds)
    }
}
