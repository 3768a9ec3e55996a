import JSONValue
/// States.ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique.
enum ArrayIntrinsics {
    /// The largest array States.ArrayRange may produce.
    static let maxRangeItems = 1000

    static func partition(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try a.array(0)
        let size = try a.integer(1)
        guard size > 0 else { throw a.fail("the chunk size must be greater than 0") }
        var chunks: [JSON] = []
        var start = 0
        while start < array.count {
            let end = min(start + size, array.count)
            chunks.append(.array(Array(array[start..<end])))
            start = end
        }
        return .array(chunks)
    }

    /// Observed on AWS: members are compared by their text (a string by its characters, anything else by its
    /// compact JSON), so `"true"` matches `true`, `"7"` matches `7`, and objects match only with the same key order.
    static func contains(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try a.array(0)
        let target = comparisonText(a[1])
        return .bool(array.contains { comparisonText($0) == target })
    }

    static func comparisonText(_ value: JSON) -> String {
        if case .string(let s) = value { return s }
        return value.serialized()
    }

    static func range(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let start = try a.integer(0)
        let end = try a.integer(1)
        let step = try a.integer(2)
        guard step != 0 else { throw a.fail("the step must not be 0") }
        let count = (step > 0 ? (end >= start ? (end - start) / step + 1 : 0) : (start >= end ? (start - end) / -step + 1 : 0))
        guard count <= maxRangeItems else {
            throw a.fail("the array would have \(count) items, more than the maximum of \(maxRangeItems)")
        }
        var out: [JSON] = []
        out.reserveCapacity(count)
        var v = start
        for _ in 0..<count { out.append(.int(v)); v += step }
        return .array(out)
    }

    static func getItem(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try a.array(0)
        let index = try a.integer(1)
        // Observed on AWS: an out-of-range index into an empty array gives null.
        if array.isEmpty, index >= 0 { return .null }
        guard index >= 0, index < array.count else {
            throw a.fail("index \(index) is out of bounds for an array of length \(array.count)")
        }
        return array[index]
    }

    static func length(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        .int(try a.array(0).count)
    }

    static func unique(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try a.array(0)
        var seen = Set<JSON>()
        var out: [JSON] = []
        for e in array where seen.insert(e).inserted { out.append(e) }
        return .array(out)
    }
}
