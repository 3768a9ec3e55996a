import JSONValue
/// States.StringToJson, States.JsonToString, States.JsonMerge.
enum JsonIntrinsics {
    static func stringToJson(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try a.string(0)
        if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return .null }
        do { return try JSON(parsing: text) } catch {
            throw a.fail("the string is not valid JSON (\(error))")
        }
    }

    static func jsonToString(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        .string(a[0].serialized())
    }

    /// Shallow merge: keys of the second object replace those of the first. Deep merge is rejected.
    static func jsonMerge(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        var first = try a.object(0)
        let second = try a.object(1)
        // Observed on AWS: only `true` asks for the unsupported deep merge; any other value merges shallowly.
        guard a[2] != .bool(true) else { throw a.fail("deep merge is not supported; the third argument must be false") }
        for (key, value) in second { first[key] = value }
        return .object(first)
    }
}
