/// Higher-order functions: `$map $filter $reduce $single`.
enum JSONataHigherOrderFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("map", "<af:a>") { (e, a) throws(JSONataError) in
            guard let items = a[0]?.items, case .function(let f)? = a[1] else { return nil }
            var out: [Value] = []
            for (i, item) in items.enumerated() {
                if let r = try e.callback(f, [item, .number(Double(i)), a[0]]) { out.append(r) }
            }
            return .sequence(out)
        },
        JSONataBuiltin("filter", "<af:a>") { (e, a) throws(JSONataError) in
            guard let items = a[0]?.items, case .function(let f)? = a[1] else { return nil }
            var out: [Value] = []
            for (i, item) in items.enumerated() where JSONataEvaluator.truthy(try e.callback(f, [item, .number(Double(i)), a[0]])) {
                out.append(item)
            }
            return .sequence(out)
        },
        JSONataBuiltin("single", "<af?>") { (e, a) throws(JSONataError) in
            guard let items = a[0]?.items else { return nil }
            var found: Value? = nil
            for (i, item) in items.enumerated() {
                var keep = true
                if case .function(let f)? = a[1] { keep = JSONataEvaluator.truthy(try e.callback(f, [item, .number(Double(i)), a[0]])) }
                guard keep else { continue }
                guard found == nil else {
                    throw JSONataError("D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more.")
                }
                found = item
            }
            guard let found else {
                throw JSONataError("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.")
            }
            return found
        },
        JSONataBuiltin("reduce", "<afj?:j>") { (e, a) throws(JSONataError) in
            guard let items = a[0]?.items, case .function(let f)? = a[1] else { return nil }
            guard f.arity >= 2 || { if case .builtin = f { return true } else { return false } }() else {
                throw JSONataError("D3050", "The second argument of reduce function must be a function with at least two arguments")
            }
            var index = 0
            var accumulator = a[2]
            if accumulator == nil, !items.isEmpty {
                accumulator = items[0]
                index = 1
            }
            while index < items.count {
                accumulator = try e.call(f, Array([accumulator, items[index], .number(Double(index)), a[0]].prefix(max(f.arity, 2))), nil)
                index += 1
            }
            return accumulator
        },
    ]
}
