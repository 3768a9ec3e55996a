import JSONValue
/// A value during JSONata evaluation. `nil` (as `Value?`) is JSONata's *undefined*.
/// Input data stays as `JSON` until it is taken apart, so large inputs are not converted up front.
enum Value {
    /// Plain data: from the input, a literal, or built by an operator.
    case json(JSON)
    /// A number computed during evaluation (kept as a Double until output).
    case number(Double)
    /// An array built during evaluation; may be a JSONata *sequence* and may hold functions.
    case array(JSONataArray)
    case function(JSONataFunction)

    static func string(_ s: String) -> Value { .json(.string(s)) }
    static func bool(_ b: Bool) -> Value { .json(.bool(b)) }

    /// An array value (not a sequence).
    static func list(_ items: [Value]) -> Value { .array(JSONataArray(items)) }
    /// A sequence: collapses to undefined when empty and to its item when single.
    static func sequence(_ items: [Value]) -> Value { .array(JSONataArray(items, isSequence: true)) }

    var double: Double? {
        switch self {
        case .number(let d): d
        case .json(.number(let n)): n.double
        default: nil
        }
    }

    var string: String? { if case .json(.string(let s)) = self { s } else { nil } }
    var bool: Bool? { if case .json(.bool(let b)) = self { b } else { nil } }
    var isNull: Bool { if case .json(.null) = self { true } else { false } }
    var function: JSONataFunction? { if case .function(let f) = self { f } else { nil } }

    /// The members of an array value (input array or built array), nil for anything else.
    var items: [Value]? {
        switch self {
        case .array(let a): a.items
        case .json(.array(let a)): a.map(Value.json)
        default: nil
        }
    }

    var isArray: Bool {
        switch self {
        case .array, .json(.array): true
        default: false
        }
    }

    var object: JSONObject? { if case .json(.object(let o)) = self { o } else { nil } }

    /// Whether this is a sequence (as opposed to an array value).
    var isSequence: Bool { if case .array(let a) = self { a.isSequence } else { false } }

    /// JSONata's type name (`$type`).
    var typeName: String {
        switch self {
        case .json(.null): "null"
        case .json(.bool): "boolean"
        case .json(.number), .number: "number"
        case .json(.string): "string"
        case .json(.array), .array: "array"
        case .json(.object): "object"
        case .function: "function"
        }
    }

    /// The value as JSON; functions become nil (and are dropped from arrays), as JSON.stringify does.
    func toJSON() -> JSON? {
        switch self {
        case .json(let j): return j
        case .number(let d): return d.isFinite ? .number(JSONNumber(text: JSONataNumber.format(d))) : .null
        case .array(let a): return .array(a.items.compactMap { $0.toJSON() })
        case .function: return nil
        }
    }
}

/// An array built during evaluation, with the reference implementation's flags.
struct JSONataArray {
    var items: [Value]
    /// A sequence (result of a path or filter) rather than an array value.
    var isSequence: Bool = false
    /// `[]` was used: a single-item sequence stays an array.
    var keepSingleton: Bool = false
    /// Built by an array constructor used as a path step: not flattened into the step's result.
    var cons: Bool = false

    init(_ items: [Value], isSequence: Bool = false) {
        self.items = items
        self.isSequence = isSequence
    }
}

/// A callable value: a built-in function, a lambda with its closure, or a partial application.
enum JSONataFunction {
    case builtin(JSONataBuiltin)
    /// A lambda with the scope and context value where it was defined.
    indirect case lambda(JSONataLambdaNode, JSONataFrame, Value?)
    /// A regular expression literal: called with a string it gives a match object.
    case regex(JSONataRegex)
    /// Arguments fixed so far; nil marks a `?` placeholder to fill at call time.
    indirect case partial(JSONataFunction, [Value??])
    /// `| location | update, delete |` with the scope it was written in.
    case transform(JSONataNode, JSONataNode, JSONataNode?, JSONataFrame)
    /// `f ~> g` for two functions: applies f, then g.
    indirect case composed(JSONataFunction, JSONataFunction)

    /// How many arguments the function declares (for `$map`/`$filter` callbacks).
    var arity: Int {
        switch self {
        case .builtin(let b): b.parameters.filter { !$0.optional }.count
        case .lambda(let l, _, _): l.parameters.count
        case .regex, .composed, .transform: 1
        case .partial(_, let args): args.filter { $0 == nil }.count
        }
    }
}

/// A scope of variable bindings; blocks and lambda calls push one, `:=` binds in the innermost.
final class JSONataFrame {
    private var bindings: [String: Value] = [:]
    let parent: JSONataFrame?

    init(parent: JSONataFrame?) { self.parent = parent }

    func bind(_ name: String, _ value: Value?) { bindings[name] = value }

    func lookup(_ name: String) -> Value?? {
        var frame: JSONataFrame? = self
        while let f = frame {
            if let v = f.bindings[name] { return .some(v) }
            frame = f.parent
        }
        return .none
    }
}
