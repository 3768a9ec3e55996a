import JSONValue
/// Function calls, lambdas, partial application, `~>`, object construction and sorting.
extension JSONataEvaluator {
    func evaluateCall(_ procedure: JSONataNode, _ argNodes: [JSONataNode], _ input: Value?, _ frame: JSONataFrame,
                      firstArgument: Value??) throws(JSONataError) -> Value? {
        let callee = try evaluate(procedure, input, frame)
        guard case .function(let function)? = callee else {
            if case .path(let steps, _) = procedure, steps.count == 1, case .name(let n) = steps[0].node {
                throw JSONataError.notAFunction(didYouMean: n)
            }
            throw JSONataError.notAFunction
        }
        var args: [Value??] = []
        if let firstArgument { args.append(firstArgument) }
        var partial = false
        for node in argNodes {
            if case .placeholder = node {
                partial = true
                args.append(nil)
            } else {
                args.append(.some(try evaluate(node, input, frame)))
            }
        }
        if partial { return .function(.partial(function, args)) }
        return try call(function, args.map { $0 ?? nil }, input)
    }

    /// Calls a function value with evaluated arguments; `input` is the caller's context value.
    func call(_ function: JSONataFunction, _ args: [Value?], _ input: Value?) throws(JSONataError) -> Value? {
        switch function {
        case .builtin(let b):
            let validated = try b.validate(args, context: input)
            return try b.body(self, validated)
        case .lambda(let node, let closure, let definedInput):
            let scope = JSONataFrame(parent: closure)
            for (i, name) in node.parameters.enumerated() {
                scope.bind(name, i < args.count ? args[i] : nil)
            }
            return try evaluate(node.body, definedInput, scope)
        case .regex(let r):
            guard let s = args.first??.string else { return nil }
            return JSONataRegexSupport.matches(r, in: s, limit: 1).first
        case .transform(let location, let update, let delete, let scope):
            return try transform(location, update, delete, args.first ?? nil, scope)
        case .composed(let f, let g):
            return try call(g, [try call(f, args, input)], input)
        case .partial(let inner, let fixed):
            var filled: [Value?] = []
            var next = 0
            for a in fixed {
                if let a { filled.append(a) } else {
                    filled.append(next < args.count ? args[next] : nil)
                    next += 1
                }
            }
            while next < args.count { filled.append(args[next]); next += 1 }
            return try call(inner, filled, input)
        }
    }

    /// Calls a callback with as many of `args` as it declares (as `$map`, `$filter`, `$each` do).
    func callback(_ function: JSONataFunction, _ args: [Value?]) throws(JSONataError) -> Value? {
        try call(function, Array(args.prefix(max(function.arity, 1))), nil)
    }

    func evaluateApply(_ lhsNode: JSONataNode, _ rhsNode: JSONataNode, _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        let lhs = try evaluate(lhsNode, input, frame)
        if case .call(let procedure, let args) = rhsNode {
            return try evaluateCall(procedure, args, input, frame, firstArgument: .some(lhs))
        }
        guard case .function(let f)? = try evaluate(rhsNode, input, frame) else {
            throw JSONataError("T2006", "The right side of the function application operator ~> must be a function")
        }
        if case .function(let g)? = lhs {
            // Function composition: (g ~> f)(x) = f(g(x)).
            return .function(.composed(g, f))
        }
        return try call(f, [lhs], input)
    }

    /// Object construction (and `e{...}` grouping): items are grouped by key, then each value
    /// expression is evaluated with its group as context.
    func evaluateGroup(_ pairs: [(JSONataNode, JSONataNode)], _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        var items = input.map { $0.items ?? [$0] } ?? []
        var noItems = false
        if items.isEmpty { noItems = true; items = [.json(.null)] }
        var order: [String] = []
        var pairOf: [String: Int] = [:]
        var data: [String: [Value]] = [:]
        for item in items {
            let context: Value? = noItems ? nil : item
            for (index, pair) in pairs.enumerated() {
                guard let key = try evaluate(pair.0, context, frame) else { continue }
                guard let name = key.string else {
                    throw JSONataError("T1003", "Key in object structure must evaluate to a string; got: \(JSONataError.quote(key))")
                }
                if let existing = pairOf[name] {
                    guard existing == index else {
                        throw JSONataError("D1009", "Multiple key definitions evaluate to same key: \(JSONataError.quote(name))")
                    }
                    if let context { data[name, default: []].append(context) }
                } else {
                    order.append(name)
                    pairOf[name] = index
                    data[name] = context.map { [$0] } ?? []
                }
            }
        }
        var object = JSONObject()
        for name in order {
            guard let pair = pairOf[name], let items = data[name] else { continue }
            // One item is the context itself; several are an array of them (flattened, as $append does).
            let context: Value? = items.count <= 1 ? items.first : .list(items.flatMap { $0.items ?? [$0] })
            if let v = try evaluate(pairs[pair].1, context, frame), let j = v.toJSON() { object[name] = j }
        }
        return .json(.object(object))
    }

    /// `e^(terms)`: a stable sort of the items by each term in turn.
    func evaluateSort(_ expr: JSONataNode, _ terms: [(JSONataNode, Bool)], _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        guard let value = try evaluate(expr, input, frame) else { return nil }
        return .sequence(try sortItems(value.items ?? [value], terms, frame))
    }

    func sortItems(_ items: [Value], _ terms: [(JSONataNode, Bool)], _ frame: JSONataFrame) throws(JSONataError) -> [Value] {
        var keys: [[Value?]] = []
        for item in items {
            var row: [Value?] = []
            for (term, _) in terms {
                let k = try evaluate(term, item, frame)
                if let k, k.double == nil, k.string == nil {
                    throw JSONataError("T2008", "The expressions within an order-by clause must evaluate to numeric or string values")
                }
                row.append(k)
            }
            keys.append(row)
        }
        var failure: JSONataError? = nil
        let order = try JSONataBuiltin.mergeSort(Array(items.indices)) { (a: Int, b: Int) throws(JSONataError) -> Bool in
            for (t, term) in terms.enumerated() {
                let x = keys[a][t], y = keys[b][t]
                if x == nil && y == nil { continue }
                guard let x else { return true }
                guard let y else { return false }
                if let l = x.double, let r = y.double {
                    if l == r { continue }
                    return term.1 ? l < r : l > r
                }
                if let l = x.string, let r = y.string {
                    if l == r { continue }
                    let less = Array(l.utf16).lexicographicallyPrecedes(Array(r.utf16))
                    return term.1 ? less : !less
                }
                failure = JSONataError("T2007", "Type mismatch when comparing values \(JSONataError.quote(x)) and \(JSONataError.quote(y)) in order-by clause")
                return false
            }
            return false
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }
}
