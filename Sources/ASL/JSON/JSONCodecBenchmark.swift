/// A quick throughput check of the JSON codec (the only place in the module that reads a clock).
public enum JSONCodecBenchmark {
    /// A deterministic document of about `approximateBytes` bytes: records with strings, numbers, nesting and escapes.
    public static func sampleDocument(approximateBytes: Int = 200_000) -> String {
        var records: [JSON] = []
        var size = 0
        var i = 0
        while size < approximateBytes {
            let record = JSON.object(JSONObject([
                ("id", .int(i)),
                ("name", .string("item-\(i) \"quoted\" \\ naïve ✓")),
                ("price", .number(JSONNumber(text: "\(i % 1000).\(i % 97)"))),
                ("tags", .array([.string("alpha"), .string("beta"), .bool(i % 2 == 0), .null])),
                ("nested", .object(JSONObject([("depth", .int(2)), ("ratio", .number(JSONNumber(text: "1.5e-3")))]))),
            ]))
            size += record.serialized().utf8.count + 1
            records.append(record)
            i += 1
        }
        return JSON.array(records).serialized()
    }

    /// Parses and serializes the sample document `iterations` times; returns MB/s (1 MB = 10^6 bytes).
    public static func run(approximateBytes: Int = 200_000, iterations: Int = 20) -> (parseMBps: Double, serializeMBps: Double) {
        let bytes = Array(sampleDocument(approximateBytes: approximateBytes).utf8)
        let clock = ContinuousClock()
        var parsed = JSON.null
        let parseTime = clock.measure {
            for _ in 0..<iterations { parsed = (try? JSON(parsing: bytes)) ?? .null }
        }
        var total = 0
        let serializeTime = clock.measure {
            for _ in 0..<iterations { total &+= parsed.serializedBytes().count }
        }
        let megabytes = Double(bytes.count * iterations) / 1_000_000
        return (megabytes / seconds(parseTime), megabytes / seconds(serializeTime))
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return max(Double(c.seconds) + Double(c.attoseconds) / 1e18, 1e-9)
    }
}
