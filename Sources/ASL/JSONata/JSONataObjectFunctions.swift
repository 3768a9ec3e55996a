import JSONValue
/// Object functions: `$keys $lookup $spread $merge $each $sift $type $error $assert`.
enum JSONataObjectFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("keys", "<x-:a<s>>") { (_, a) throws(JSONataError) in
            guard let v = a[0] else { return nil }
            var keys: [String] = []
            for o in objects(v) { for k in o.keys where !keys.contains(k) { keys.append(k) } }
            return .sequence(keys.map { .string($0) })
        },
        JSONataBuiltin("lookup", "<x-s:x>") { (_, a) throws(JSONataError) in
            guard let key = a[1]?.string else { return nil }
            return JSONataEvaluator.lookup(a[0], key)
        },
        JSONataBuiltin("spread", "<x-:a<o>>") { (_, a) throws(JSONataError) in
            guard let v = a[0] else { return nil }
            if v.object == nil && !v.isArray { return v }
            var out: [Value] = []
            for o in objects(v) { for (k, member) in o { out.append(.json(.object(JSONObject([(k, member)])))) } }
            return .sequence(out)
        },
        JSONataBuiltin("merge", "<a<o>:o>") { (_, a) throws(JSONataError) in
            guard let items = a[0]?.items else { return nil }
            var merged = JSONObject()
            for item in items { if let o = item.object { for (k, v) in o { merged[k] = v } } }
            return .json(.object(merged))
        },
        JSONataBuiltin("each", "<o-f:a>") { (e, a) throws(JSONataError) in
            guard let o = a[0]?.object, case .function(let f)? = a[1] else { return nil }
            var out: [Value] = []
            for (k, v) in o { if let r = try e.callback(f, [.json(v), .string(k), a[0]]) { out.append(r) } }
            return .sequence(out)
        },
        JSONataBuiltin("sift", "<o-f?:o>") { (e, a) throws(JSONataError) in
            guard let o = a[0]?.object, case .function(let f)? = a[1] else { return nil }
            var out = JSONObject()
            for (k, v) in o where JSONataEvaluator.truthy(try e.callback(f, [.json(v), .string(k), a[0]])) { out[k] = v }
            return out.isEmpty ? nil : .json(.object(out))
        },
        JSONataBuiltin("type", "<x:s>") { (_, a) throws(JSONataError) in a[0].map { .string($0.typeName) } },
        JSONataBuiltin("error", "<s?:x>") { (_, a) throws(JSONataError) in
            throw JSONataError("D3137", a[0]?.string ?? "$error() function evaluated")
        },
        JSONataBuiltin("assert", "<bs?:x>") { (_, a) throws(JSONataError) in
            guard let condition = a[0]?.bool else { throw JSONataError("T0410", "Argument 1 of function \"assert\" does not match function signature") }
            if !condition { throw JSONataError("D3141", a[1]?.string ?? "$assert() statement failed") }
            return nil
        },
    ]

    /// The objects in a value: itself, or the objects among an array's members.
    static func objects(_ v: Value) -> [JSONObject] {
        if let o = v.object { return [o] }
        return (v.items ?? []).compactMap(\.object)
    }
}
