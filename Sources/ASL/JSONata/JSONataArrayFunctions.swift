/// Boolean and array functions: `$boolean $not $exists $count $append $sort $reverse $shuffle $distinct $zip`.
enum JSONataArrayFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("boolean", "<x-:b>") { (_, a) throws(JSONataError) in JSONataEvaluator.boolean(a[0]).map { .bool($0) } },
        JSONataBuiltin("not", "<x-:b>") { (_, a) throws(JSONataError) in JSONataEvaluator.boolean(a[0]).map { .bool(!$0) } },
        JSONataBuiltin("exists", "<x:b>") { (_, a) throws(JSONataError) in .bool(a[0] != nil) },
        JSONataBuiltin("count", "<a:n>") { (_, a) throws(JSONataError) in .number(Double(a[0]?.items?.count ?? 0)) },
        JSONataBuiltin("clone", "<(oa)-:(oa)>") { (_, a) throws(JSONataError) in a[0].flatMap { $0.toJSON() }.map(Value.json) },
        JSONataBuiltin("append", "<xx:a>") { (_, a) throws(JSONataError) in JSONataBuiltin.append(a[0], a[1]) },
        JSONataBuiltin("reverse", "<a:a>") { (_, a) throws(JSONataError) in a[0]?.items.map { .list($0.reversed()) } },
        JSONataBuiltin("distinct", "<x:x>") { (_, a) throws(JSONataError) in
            guard let v = a[0] else { return nil }
            guard let items = v.items else { return v }
            var out: [Value] = []
            for item in items where !out.contains(where: { JSONataEvaluator.deepEqual($0, item) }) { out.append(item) }
            return .list(out)
        },
        JSONataBuiltin("shuffle", "<a:a>") { (e, a) throws(JSONataError) in
            guard var items = a[0]?.items else { return nil }
            if items.count > 1 {
                for i in stride(from: items.count - 1, to: 0, by: -1) {
                    items.swapAt(i, Int(e.random.next() % UInt64(i + 1)))
                }
            }
            return .list(items)
        },
        JSONataBuiltin("zip", "<a+>") { (_, a) throws(JSONataError) in
            let arrays = a.map { $0?.items ?? [] }
            let length = arrays.map(\.count).min() ?? 0
            return .list((0..<length).map { i in .list(arrays.map { $0[i] }) })
        },
        JSONataBuiltin("sort", "<af?:a>") { (e, a) throws(JSONataError) in
            guard let items = a[0]?.items else { return nil }
            if case .function(let f)? = a[1] {
                return .list(try JSONataBuiltin.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in
                    JSONataEvaluator.truthy(try e.call(f, [x, y], nil))
                })
            }
            if items.allSatisfy({ $0.double != nil }) {
                return .list(try JSONataBuiltin.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in x.double! > y.double! })
            }
            if items.allSatisfy({ $0.string != nil }) {
                return .list(try JSONataBuiltin.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in
                    Array(y.string!.utf16).lexicographicallyPrecedes(Array(x.string!.utf16))
                })
            }
            throw JSONataError("D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function")
        },
    ]
}
