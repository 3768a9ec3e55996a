public import JSONValue
/// An ASL field value for a JSONata state (`Arguments`, `Output`, `Assign`, `Items` ...): JSON whose
/// strings may be `{% expression %}`, at any depth. Parsed once; evaluated per state entry.
public struct JSONataTemplate: Sendable {
    indirect enum Part: Sendable {
        case literal(JSON)
        case expression(JSONataExpression)
        case array([Part])
        case object([(String, Part)])
    }

    let root: Part

    /// Parses every `{% %}` string in `template`; the first syntax error is thrown.
    public init(_ template: JSON) throws(StatesError) {
        root = try JSONataTemplate.compile(template)
    }

    /// Whether the template holds no expression (its value is the template itself).
    public var isConstant: Bool {
        if case .literal = root { return true }
        return false
    }

    private static func compile(_ value: JSON) throws(StatesError) -> Part {
        switch value {
        case .string(let s):
            guard let body = JSONataExpression.body(of: s) else { return .literal(value) }
            return .expression(try JSONataExpression(parsing: body))
        case .array(let items):
            var parts: [Part] = []
            var constant = true
            for item in items {
                let p = try compile(item)
                if case .literal = p {} else { constant = false }
                parts.append(p)
            }
            return constant ? .literal(value) : .array(parts)
        case .object(let o):
            var parts: [(String, Part)] = []
            var constant = true
            for (k, v) in o {
                let p = try compile(v)
                if case .literal = p {} else { constant = false }
                parts.append((k, p))
            }
            return constant ? .literal(value) : .object(parts)
        default:
            return .literal(value)
        }
    }

    /// Evaluates the template. `field` names it in errors (`Output`; nested values add `/key` or `/index`).
    /// Every expression must give a JSON value: undefined or a function fails as on AWS.
    public func evaluate(field: String, input: JSON?, bindings: [String: JSON], seed: UInt64,
                         nowMilliseconds: Int64? = nil) throws(StatesError) -> JSON {
        var random = SplitMix64(seed: seed)
        return try JSONataTemplate.evaluate(root, field: field, input: input, bindings: bindings, random: &random, now: nowMilliseconds)
    }

    /// Parses and evaluates `template` in one go.
    public static func evaluate(_ template: JSON, field: String, input: JSON?, bindings: [String: JSON], seed: UInt64,
                                nowMilliseconds: Int64? = nil) throws(StatesError) -> JSON {
        try JSONataTemplate(template).evaluate(field: field, input: input, bindings: bindings, seed: seed, nowMilliseconds: nowMilliseconds)
    }

    private static func evaluate(_ part: Part, field: String, input: JSON?, bindings: [String: JSON], random: inout SplitMix64,
                                 now: Int64?) throws(StatesError) -> JSON {
        switch part {
        case .literal(let v): return v
        case .expression(let e):
            return try e.evaluate(field: field, input: input, bindings: bindings, seed: random.next(), nowMilliseconds: now)
        case .array(let parts):
            var out: [JSON] = []
            out.reserveCapacity(parts.count)
            for (i, p) in parts.enumerated() {
                out.append(try evaluate(p, field: "\(field)/\(i)", input: input, bindings: bindings, random: &random, now: now))
            }
            return .array(out)
        case .object(let parts):
            var out = JSONObject()
            out.reserveCapacity(parts.count)
            for (k, p) in parts {
                out[k] = try evaluate(p, field: "\(field)/\(k)", input: input, bindings: bindings, random: &random, now: now)
            }
            return .object(out)
        }
    }
}
