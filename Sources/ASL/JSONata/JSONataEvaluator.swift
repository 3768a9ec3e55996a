import JSONValue
/// Evaluates a parsed expression. One evaluator serves one evaluation: it owns the random stream
/// (from the caller's seed) and a recursion guard; nothing is global.
final class JSONataEvaluator {
    var random: SplitMix64
    let rootInput: Value?
    let rootFrame: JSONataFrame
    /// The time `$now()` and `$millis()` report, in milliseconds since the epoch (nil: not available).
    let nowMilliseconds: Int64?
    private var depth = 0
    static let maxDepth = 300

    init(input: Value?, bindings: [String: JSON], seed: UInt64, nowMilliseconds: Int64? = nil) {
        random = SplitMix64(seed: seed)
        self.nowMilliseconds = nowMilliseconds
        rootInput = input
        rootFrame = JSONataFrame(parent: nil)
        for (name, value) in bindings { rootFrame.bind(name, .json(value)) }
    }

    /// Evaluates `node` against the context value `input`; sequences collapse as JSONata's do
    /// (empty → undefined, one item → the item unless `[]` asked to keep arrays).
    func evaluate(_ node: JSONataNode, _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        depth += 1
        defer { depth -= 1 }
        guard depth < JSONataEvaluator.maxDepth else { throw JSONataError.stackOverflow }
        let result = try evaluateNode(node, input, frame)
        if case .array(let a)? = result, a.isSequence {
            if a.items.isEmpty { return nil }
            if a.items.count == 1 && !a.keepSingleton { return a.items[0] }
        }
        return result
    }

    private func evaluateNode(_ node: JSONataNode, _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        switch node {
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .value(let v): return .json(v)
        case .regex(let r): return .function(.regex(r))
        case .name(let n): return JSONataEvaluator.lookup(input, n)
        case .variable(let v): return variable(v, input, frame)
        case .wildcard: return JSONataEvaluator.wildcard(input)
        case .descendants: return JSONataEvaluator.descendants(input)
        case .path(let steps, let keep): return try evaluatePath(steps, keepArray: keep, input, frame)
        case .negate(let operand):
            guard let v = try evaluate(operand, input, frame) else { return nil }
            guard let d = v.double else {
                throw JSONataError("D1002", "Cannot negate a non-numeric value: \(JSONataError.quote(v))")
            }
            return .number(-d)
        case .array(let itemNodes, let cons):
            var items: [Value] = []
            for item in itemNodes {
                guard let v = try evaluate(item, input, frame) else { continue }
                if case .array(_, _) = item {
                    items.append(v)
                } else if let inner = v.items {
                    items.append(contentsOf: inner)
                } else {
                    items.append(v)
                }
            }
            var array = JSONataArray(items)
            array.cons = cons
            return .array(array)
        case .object(let pairs): return try evaluateGroup(pairs, input, frame)
        case .group(let expr, let pairs): return try evaluateGroup(pairs, try evaluate(expr, input, frame), frame)
        case .sort(let expr, let terms): return try evaluateSort(expr, terms, input, frame)
        case .binary(let op, let lhs, let rhs): return try evaluateBinary(op, lhs, rhs, input, frame)
        case .and(let lhs, let rhs):
            guard JSONataEvaluator.truthy(try evaluate(lhs, input, frame)) else { return .bool(false) }
            return .bool(JSONataEvaluator.truthy(try evaluate(rhs, input, frame)))
        case .or(let lhs, let rhs):
            if JSONataEvaluator.truthy(try evaluate(lhs, input, frame)) { return .bool(true) }
            return .bool(JSONataEvaluator.truthy(try evaluate(rhs, input, frame)))
        case .condition(let test, let then, let otherwise):
            if JSONataEvaluator.truthy(try evaluate(test, input, frame)) { return try evaluate(then, input, frame) }
            guard let otherwise else { return nil }
            return try evaluate(otherwise, input, frame)
        case .block(let expressions):
            let scope = JSONataFrame(parent: frame)
            var result: Value? = nil
            for e in expressions { result = try evaluate(e, input, scope) }
            return result
        case .bind(let name, let expr):
            let v = try evaluate(expr, input, frame)
            frame.bind(name, v)
            return v
        case .call(let procedure, let args): return try evaluateCall(procedure, args, input, frame, firstArgument: nil)
        case .lambda(let l): return .function(.lambda(l, frame, input))
        case .apply(let lhs, let rhs): return try evaluateApply(lhs, rhs, input, frame)
        case .filter(let expr, let predicates):
            var v = try evaluate(expr, input, frame)
            for p in predicates { v = try applyFilter(p, v, frame) }
            return v
        case .transform(let location, let update, let delete):
            return .function(.transform(location, update, delete, frame))
        case .placeholder:
            throw JSONataError.syntax("?")
        }
    }

    private func variable(_ name: String, _ input: Value?, _ frame: JSONataFrame) -> Value? {
        if name.isEmpty { return input }
        if name == "$" { return rootInput }
        if let bound = frame.lookup(name) { return bound }
        if let builtin = JSONataBuiltin.library[name] { return .function(.builtin(builtin)) }
        return nil
    }

    /// JSONata's boolean cast (`$boolean`), with undefined as false.
    static func truthy(_ value: Value?) -> Bool { boolean(value) ?? false }

    /// `$boolean`: nil for undefined.
    static func boolean(_ value: Value?) -> Bool? {
        guard let value else { return nil }
        switch value {
        case .json(.null): return false
        case .json(.bool(let b)): return b
        case .json(.string(let s)): return !s.isEmpty
        case .json(.object(let o)): return !o.isEmpty
        case .function: return false
        default:
            if let d = value.double { return d != 0 }
            let items = value.items ?? []
            if items.count == 1 { return boolean(items[0]) }
            return items.contains { truthy($0) }
        }
    }
}
