import JSONValue
/// Functions Step Functions adds to JSONata: `$partition $range $hash $random $uuid $parse`.
/// (`$random` replaces JSONata's own and takes an optional seed; `$eval` is not available.)
enum JSONataAWSFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("partition", "<an:a>") { (_, a) throws(JSONataError) in
            guard let items = a[0]?.items, let sizeValue = a[1]?.double else { return nil }
            let size = JSONataNumber.int(sizeValue)
            guard size > 0, sizeValue == sizeValue.rounded() else {
                throw JSONataError("T0410", "Argument 2 of function \"partition\" does not match function signature")
            }
            return .list(stride(from: 0, to: items.count, by: size).map { .list(Array(items[$0..<min($0 + size, items.count)])) })
        },
        JSONataBuiltin("range", "<nnn:a>") { (_, a) throws(JSONataError) in
            guard let start = a[0]?.double, let end = a[1]?.double, let step = a[2]?.double else { return nil }
            guard step != 0, start == start.rounded(), end == end.rounded(), step == step.rounded() else {
                throw JSONataError("T0410", "Argument 3 of function \"range\" does not match function signature")
            }
            var out: [Value] = []
            var v = start
            while step > 0 ? v <= end : v >= end {
                out.append(.number(v))
                v += step
                guard out.count <= 1000 else {
                    throw JSONataError("D2014", "The size of the sequence allocated by the range function must not exceed 1000")
                }
            }
            return .list(out)
        },
        JSONataBuiltin("hash", "<ss:s>") { (_, a) throws(JSONataError) in
            guard let data = a[0]?.string, let algorithm = a[1]?.string else { return nil }
            guard let digest = HashIntrinsics.digest(data, algorithm: algorithm) else {
                throw JSONataError("T0410", "Argument 2 of function \"hash\" does not match function signature")
            }
            return .string(digest)
        },
        JSONataBuiltin("random", "<n?:n>") { (e, a) throws(JSONataError) in
            if let seed = a[0]?.double {
                var seeded = SplitMix64(seed: UInt64(bitPattern: Int64(JSONataNumber.int(seed))))
                return .number(unit(seeded.next()))
            }
            return .number(unit(e.random.next()))
        },
        JSONataBuiltin("uuid", "<:s>") { (e, _) throws(JSONataError) in
            .json(GenericIntrinsics.uuid(using: &e.random))
        },
        JSONataBuiltin("parse", "<s:j>") { (_, a) throws(JSONataError) in
            guard let text = a[0]?.string else { return nil }
            do throws(JSONParseError) {
                return .json(try JSON(parsing: text))
            } catch {
                throw JSONataError("D3140", "Malformed JSON: \(error.message)")
            }
        },
    ]

    /// A Double in [0, 1) from 53 random bits.
    static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) / Double(UInt64(1) << 53) }
}

extension JSONataBuiltin {
    /// Every built-in function by name (without `$`).
    static let library: [String: JSONataBuiltin] = {
        var all: [String: JSONataBuiltin] = [:]
        let families = [JSONataStringFunctions.all, JSONataNumericFunctions.all, JSONataArrayFunctions.all,
                        JSONataObjectFunctions.all, JSONataHigherOrderFunctions.all, JSONataDateURLFunctions.all,
                        JSONataAWSFunctions.all]
        for family in families { for f in family { all[f.name] = f } }
        return all
    }()
}
