import JSONValue
/// Paths, field lookup, wildcards and filters.
extension JSONataEvaluator {
    func evaluatePath(_ steps: [JSONataStep], keepArray: Bool, _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        // A path over an array visits its members, unless it starts from a variable.
        var current: [Value?]
        if JSONataEvaluator.startsWithVariable(steps[0].node) {
            current = [input]
        } else if let items = input?.items {
            current = items
        } else {
            current = [input]
        }
        var result: Value = .sequence([])
        for (i, step) in steps.enumerated() {
            if case .sort(.placeholder, let terms) = step.node {
                var v: Value? = .sequence(try sortItems(current.compactMap { $0 }, terms, frame))
                for stage in step.stages { v = try applyFilter(stage, v, frame) }
                result = v ?? .sequence([])
            } else if i == 0, case .array(_, true) = step.node {
                // An explicit array constructor as the first step is evaluated once, not per item.
                var v = try evaluate(step.node, .sequence(current.compactMap { $0 }), frame)
                for stage in step.stages { v = try applyFilter(stage, v, frame) }
                result = v ?? .sequence([])
            } else {
                result = try evaluateStep(step, current, lastStep: i == steps.count - 1, frame)
            }
            let items = result.items ?? [result]
            if items.isEmpty { break }
            current = items
        }
        if keepArray {
            if case .array(var a) = result, a.isSequence {
                a.keepSingleton = true
                return .array(a)
            }
            var wrapped = JSONataArray([result], isSequence: true)
            wrapped.keepSingleton = true
            return result.isArray && !isCons(result) ? result : .array(wrapped)
        }
        return result
    }

    /// A variable, possibly filtered or sorted: evaluated once, not per context item.
    static func startsWithVariable(_ node: JSONataNode) -> Bool {
        switch node {
        case .variable: true
        case .filter(let inner, _), .sort(let inner, _): startsWithVariable(inner)
        default: false
        }
    }

    private func isCons(_ v: Value) -> Bool { if case .array(let a) = v { a.cons } else { false } }

    /// One step over every item of the input sequence, flattening array results one level.
    private func evaluateStep(_ step: JSONataStep, _ input: [Value?], lastStep: Bool, _ frame: JSONataFrame) throws(JSONataError) -> Value {
        var results: [Value] = []
        for item in input {
            var v = try evaluate(step.node, item, frame)
            for stage in step.stages { v = try applyFilter(stage, v, frame) }
            if let v { results.append(v) }
        }
        if lastStep, results.count == 1, results[0].isArray, !results[0].isSequence {
            return results[0]
        }
        var flat: [Value] = []
        for r in results {
            if isCons(r) {
                flat.append(r)
            } else if let items = r.items {
                flat.append(contentsOf: items)
            } else {
                flat.append(r)
            }
        }
        return .sequence(flat)
    }

    /// `predicate` applied to `value`: a number selects by index (negative from the end),
    /// anything else keeps the items for which it is true.
    func applyFilter(_ predicate: JSONataNode, _ value: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        guard let value else { return nil }
        let items = value.items ?? [value]
        var results: [Value] = []
        if case .number(let d) = predicate {
            var index = JSONataNumber.int(d.rounded(.down))
            if index < 0 { index += items.count }
            if index >= 0 && index < items.count {
                if let inner = items[index].items { results.append(contentsOf: inner) } else { results.append(items[index]) }
            }
            return .sequence(results)
        }
        for (index, item) in items.enumerated() {
            let r = try evaluate(predicate, item, frame)
            if let numbers = JSONataEvaluator.numbers(r) {
                for n in numbers {
                    var i = JSONataNumber.int(n.rounded(.down))
                    if i < 0 { i += items.count }
                    if i == index { results.append(item); break }
                }
            } else if JSONataEvaluator.truthy(r) {
                results.append(item)
            }
        }
        return .sequence(results)
    }

    /// A number or a non-empty array of numbers, as index lists; nil otherwise.
    static func numbers(_ value: Value?) -> [Double]? {
        guard let value else { return nil }
        if let d = value.double { return [d] }
        guard let items = value.items, !items.isEmpty else { return nil }
        var out: [Double] = []
        for item in items {
            guard let d = item.double else { return nil }
            out.append(d)
        }
        return out
    }

    /// Field `key` of an object, or of each object in an array (array results flattened one level).
    static func lookup(_ input: Value?, _ key: String) -> Value? {
        guard let input else { return nil }
        switch input {
        case .json(.object(let o)): return o[key].map(Value.json)
        case .json(.array(let a)):
            var out: [Value] = []
            for element in a { collect(lookup(.json(element), key), into: &out) }
            return .sequence(out)
        case .array(let a):
            var out: [Value] = []
            for element in a.items { collect(lookup(element, key), into: &out) }
            return .sequence(out)
        default: return nil
        }
    }

    private static func collect(_ value: Value?, into out: inout [Value]) {
        guard let value else { return }
        if let items = value.items { out.append(contentsOf: items) } else { out.append(value) }
    }

    /// `*`: the values of every field (arrays flattened), over each item of an array.
    static func wildcard(_ input: Value?) -> Value? {
        guard let input else { return nil }
        var out: [Value] = []
        if let o = input.object {
            for (_, v) in o { collect(flatten(.json(v)), into: &out) }
        } else if let items = input.items {
            for item in items { collect(wildcard(item), into: &out) }
        }
        return .sequence(out)
    }

    private static func flatten(_ value: Value) -> Value {
        guard let items = value.items else { return value }
        var out: [Value] = []
        for item in items {
            let f = flatten(item)
            if let inner = f.items { out.append(contentsOf: inner) } else { out.append(f) }
        }
        return .sequence(out)
    }

    /// `**`: the value and every value nested in it, depth first.
    static func descendants(_ input: Value?) -> Value? {
        guard let input else { return nil }
        var out: [Value] = []
        func walk(_ v: Value) {
            if let items = v.items {
                for item in items { walk(item) }
                return
            }
            out.append(v)
            if let o = v.object { for (_, member) in o { walk(.json(member)) } }
        }
        walk(input)
        return .sequence(out)
    }
}
