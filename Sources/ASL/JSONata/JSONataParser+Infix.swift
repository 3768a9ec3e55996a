import JSONValue
/// The infix (left-denotation) half of the parser: paths, filters, calls and binary operators.
extension JSONataParser {
    mutating func led(_ op: String, _ left: JSONataNode) throws(JSONataError) -> JSONataNode {
        let power = JSONataParser.bindingPower[op] ?? 0
        switch op {
        case ".":
            return try JSONataParser.joinPath(left, try expression(power))
        case "[":
            if token == .symbol("]") {
                try advance(operandExpected: false)
                return JSONataParser.keepArray(left)
            }
            let predicate = try expression(0)
            try expect("]", operandNext: false)
            return JSONataParser.addPredicate(predicate, to: left)
        case "{":
            return .group(left, try pairs())
        case "(":
            return .call(left, try list(until: ")"))
        case "^":
            try expect("(")
            var terms: [(JSONataNode, Bool)] = []
            while true {
                var descending = false
                if token == .symbol("<") {
                    try advance(operandExpected: true)
                } else if token == .symbol(">") {
                    descending = true
                    try advance(operandExpected: true)
                }
                terms.append((try expression(0), descending))
                guard token == .symbol(",") else { break }
                try advance(operandExpected: true)
            }
            try expect(")", operandNext: false)
            // On a path, sorting is a step over the whole sequence so far (`.placeholder` marks it).
            if case .path(let steps, let keep) = left {
                return .path(steps: steps + [JSONataStep(node: .sort(.placeholder, terms))], keepArray: keep)
            }
            return .sort(left, terms)
        case "?":
            let then = try expression(0)
            var otherwise: JSONataNode? = nil
            if token == .symbol(":") {
                try advance(operandExpected: true)
                otherwise = try expression(0)
            }
            return .condition(left, then, otherwise)
        case ":=":
            guard case .variable(let name) = left else {
                throw JSONataError("S0212", "The left side of := must be a variable name (start with $)")
            }
            return .bind(name, try expression(power - 1))
        case "~>":
            return .apply(left, try expression(power))
        case "and":
            return .and(left, try expression(power))
        case "or":
            return .or(left, try expression(power))
        case "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "..", "in":
            return .binary(op, left, try expression(power))
        default:
            throw JSONataError.syntax(op)
        }
    }

    /// `lhs.rhs` as one path: steps are appended, string literals become names, constructors keep their arrays.
    static func joinPath(_ lhs: JSONataNode, _ rhs: JSONataNode) throws(JSONataError) -> JSONataNode {
        var steps: [JSONataStep]
        var keep = false
        if case .path(let s, let k) = lhs {
            steps = s
            keep = k
        } else {
            steps = [try step(lhs, first: true)]
        }
        if case .path(let s, let k) = rhs {
            steps.append(contentsOf: s)
            keep = keep || k
        } else {
            steps.append(try step(rhs, first: false))
        }
        return .path(steps: steps, keepArray: keep)
    }

    private static func step(_ node: JSONataNode, first: Bool) throws(JSONataError) -> JSONataStep {
        switch node {
        case .string(let s): return JSONataStep(node: .name(s))
        case .number(let d) where !first:
            throw JSONataError("S0213", "The literal value \(JSONataNumber.format(d)) cannot be used as a step within a path expression")
        case .value(let v) where !first:
            throw JSONataError("S0213", "The literal value \(v.serialized()) cannot be used as a step within a path expression")
        case .array(let items, _): return JSONataStep(node: .array(items, cons: true))
        case .filter(let inner, let predicates) where !first:
            return JSONataStep(node: try step(inner, first: false).node, stages: predicates)
        default: return JSONataStep(node: node)
        }
    }

    /// `lhs[]`: keep singleton arrays.
    static func keepArray(_ node: JSONataNode) -> JSONataNode {
        if case .path(let steps, _) = node { return .path(steps: steps, keepArray: true) }
        return .path(steps: [JSONataStep(node: node)], keepArray: true)
    }

    /// `lhs[predicate]`: a filter on a path's last step, or on the whole value otherwise.
    static func addPredicate(_ predicate: JSONataNode, to node: JSONataNode) -> JSONataNode {
        switch node {
        case .path(var steps, let keep) where !steps.isEmpty:
            steps[steps.count - 1].stages.append(predicate)
            return .path(steps: steps, keepArray: keep)
        case .filter(let inner, let predicates):
            return .filter(inner, predicates + [predicate])
        default:
            return .filter(node, [predicate])
        }
    }
}
