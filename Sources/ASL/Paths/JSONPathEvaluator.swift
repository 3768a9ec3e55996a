import JSONValue
/// What absolute paths inside filters (`$`, `$$`, `$var`) refer to.
struct QueryScope {
    var env: PathEnvironment

    func value(for root: PathRoot) -> JSON? { JSONPathEvaluator.rootValue(root, in: env) }
}

/// Evaluates parsed paths against JSON values.
enum JSONPathEvaluator {
    /// The root value of `path` in `env`, or nil for an unknown variable.
    static func rootValue(_ root: PathRoot, in env: PathEnvironment) -> JSON? {
        switch root {
        case .input: return env.input
        case .context: return env.context
        case .variable(let name): return env.variables[name]
        }
    }

    /// All nodes `steps` select from `start`, in document order.
    static func select(_ steps: ArraySlice<PathStep>, from start: JSON, scope: QueryScope) -> [JSON] {
        var nodes = [start]
        for step in steps {
            var next: [JSON] = []
            for node in nodes {
                if step.recursive, case .filter(let expression) = step.selector {
                    // `..[?()]` tests the children of every descendant, so each node is matched once.
                    for candidate in descendants(of: node) {
                        switch candidate {
                        case .array(let a):
                            for e in a where FilterEvaluator.matches(expression, current: e, scope: scope) { next.append(e) }
                        case .object(let o):
                            for (_, v) in o where FilterEvaluator.matches(expression, current: v, scope: scope) { next.append(v) }
                        default: break
                        }
                    }
                } else if step.recursive {
                    for candidate in descendants(of: node) { apply(step.selector, to: candidate, scope: scope, into: &next) }
                } else {
                    apply(step.selector, to: node, scope: scope, into: &next)
                }
            }
            nodes = next
            if nodes.isEmpty { break }
        }
        return nodes
    }

    /// Follows a definite path (names and indexes only); nil when a step finds nothing.
    static func definite(_ steps: [PathStep], from start: JSON) -> JSON? {
        var node = start
        for step in steps {
            switch step.selector {
            case .name(let n):
                guard case .object(let o) = node, let v = o[n] else { return nil }
                node = v
            case .index(let i):
                guard case .array(let a) = node, let v = element(a, i) else { return nil }
                node = v
            case .lengthOffset(let n):
                guard case .array(let a) = node, let v = element(a, a.count - n) else { return nil }
                node = v
            default:
                return nil
            }
        }
        return node
    }

    static func element(_ a: [JSON], _ i: Int) -> JSON? {
        let index = i < 0 ? a.count + i : i
        return index >= 0 && index < a.count ? a[index] : nil
    }

    /// The node itself followed by all its descendants, pre-order.
    static func descendants(of node: JSON) -> [JSON] {
        var out: [JSON] = []
        func walk(_ n: JSON) {
            out.append(n)
            switch n {
            case .array(let a): for e in a { walk(e) }
            case .object(let o): for (_, v) in o { walk(v) }
            default: break
            }
        }
        walk(node)
        return out
    }

    static func apply(_ selector: PathSelector, to node: JSON, scope: QueryScope, into out: inout [JSON]) {
        switch selector {
        case .name(let n):
            if case .object(let o) = node, let v = o[n] { out.append(v) }
        case .names(let ns):
            if case .object(let o) = node { for n in ns { if let v = o[n] { out.append(v) } } }
        case .index(let i):
            if case .array(let a) = node, let v = element(a, i) { out.append(v) }
        case .indexes(let is_):
            if case .array(let a) = node { for i in is_ { if let v = element(a, i) { out.append(v) } } }
        case .lengthOffset(let n):
            if case .array(let a) = node, let v = element(a, a.count - n) { out.append(v) }
        case .wildcard:
            switch node {
            case .array(let a): out.append(contentsOf: a)
            case .object(let o): for (_, v) in o { out.append(v) }
            default: break
            }
        case .slice(let start, let end, let step):
            if case .array(let a) = node { out.append(contentsOf: slice(a, start, end, step ?? 1)) }
        case .filter(let expression):
            switch node {
            case .array(let a):
                for e in a where FilterEvaluator.matches(expression, current: e, scope: scope) { out.append(e) }
            case .object:
                if FilterEvaluator.matches(expression, current: node, scope: scope) { out.append(node) }
            default: break
            }
        }
    }

    /// Python-style slice with negative bounds counted from the end.
    static func slice(_ a: [JSON], _ start: Int?, _ end: Int?, _ step: Int) -> [JSON] {
        let n = a.count
        func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.max(low, Swift.min(high, v)) }
        var out: [JSON] = []
        if step > 0 {
            var i = clamp(start.map { $0 < 0 ? $0 + n : $0 } ?? 0, 0, n)
            let stop = clamp(end.map { $0 < 0 ? $0 + n : $0 } ?? n, 0, n)
            while i < stop {
                out.append(a[i])
                guard step < stop - i else { break }
                i += step
            }
        } else {
            var i = clamp(start.map { $0 < 0 ? $0 + n : $0 } ?? n - 1, -1, n - 1)
            let stop = clamp(end.map { $0 < 0 ? $0 + n : $0 } ?? -1, -1, n - 1)
            while i > stop {
                out.append(a[i])
                guard -(step + 1) < i - stop - 1 else { break }
                i += step
            }
        }
        return out
    }
}
