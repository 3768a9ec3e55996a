import JSONValue
/// A parsed JSONata expression. Paths are kept as step lists with their per-step filters (`stages`),
/// the way the reference implementation's post-parse pass arranges them.
indirect enum JSONataNode: Sendable {
    case number(Double)
    case string(String)
    /// `true`, `false` or `null`.
    case value(JSON)
    case regex(JSONataRegex)
    /// A field name looked up in the context value.
    case name(String)
    /// `$name`; `""` is the context value `$`, `"$"` is the root `$$`.
    case variable(String)
    /// `*`: the values of all fields of the context object.
    case wildcard
    /// `**`: the context value and all values below it.
    case descendants
    /// `a.b.c`; `keepArray` is set by a `[]` on any step.
    case path(steps: [JSONataStep], keepArray: Bool)
    case negate(JSONataNode)
    /// `[a, b]`; `cons` marks a constructor used as a path step (its result is not flattened).
    case array([JSONataNode], cons: Bool)
    /// `{k: v, ...}` as a value.
    case object([(JSONataNode, JSONataNode)])
    /// `e{k: v}`: group the values of `e` by key.
    case group(JSONataNode, [(JSONataNode, JSONataNode)])
    /// `e^(<a, >b)`: sort by terms (`true` = descending).
    case sort(JSONataNode, [(JSONataNode, Bool)])
    case binary(String, JSONataNode, JSONataNode)
    case and(JSONataNode, JSONataNode)
    case or(JSONataNode, JSONataNode)
    case condition(JSONataNode, JSONataNode, JSONataNode?)
    /// `(a; b; c)`.
    case block([JSONataNode])
    /// `$name := value`.
    case bind(String, JSONataNode)
    case call(JSONataNode, [JSONataNode])
    case lambda(JSONataLambdaNode)
    /// `lhs ~> rhs`.
    case apply(JSONataNode, JSONataNode)
    /// A non-path expression followed by `[predicate]` filters.
    case filter(JSONataNode, [JSONataNode])
    /// `| location | update, delete |`.
    case transform(JSONataNode, JSONataNode, JSONataNode?)
    /// `?` placeholder in a partial application.
    case placeholder
}

/// One step of a path, with the filters that apply to its result per input item.
struct JSONataStep: Sendable {
    var node: JSONataNode
    var stages: [JSONataNode] = []
}

/// `function($a, $b) { body }`.
final class JSONataLambdaNode: Sendable {
    let parameters: [String]
    let body: JSONataNode

    init(parameters: [String], body: JSONataNode) {
        self.parameters = parameters
        self.body = body
    }
}

/// A compiled regular expression literal `/pattern/flags`.
struct JSONataRegex: @unchecked Sendable {
    let pattern: String
    let flags: String
    /// Swift `Regex` is not `Sendable`; the value is never mutated after creation.
    let regex: Regex<AnyRegexOutput>

    init(pattern: String, flags: String) throws(JSONataError) {
        self.pattern = pattern
        self.flags = flags
        do {
            var r = try Regex(pattern).matchingSemantics(.unicodeScalar)
            if flags.contains("i") { r = r.ignoresCase() }
            if flags.contains("m") { r = r.anchorsMatchLineEndings() }
            regex = r
        } catch {
            throw JSONataError("S0303", "Invalid regular expression: /\(pattern)/")
        }
    }
}
