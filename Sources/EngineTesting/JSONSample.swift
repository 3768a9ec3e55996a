import JSONValue

/// Fixture documents for codec tests and benchmarks.
public enum JSONSample {
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
}
