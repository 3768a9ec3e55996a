import JSONValue
/// A parsed intrinsic function call such as `States.Format('Hello {}', $.name)`.
struct IntrinsicCall: Sendable {
    var name: String
    var arguments: [IntrinsicArgument]
}

/// One argument of an intrinsic call.
indirect enum IntrinsicArgument: Sendable {
    /// A number, boolean or null literal.
    case literal(JSON)
    /// A single-quoted string: `value` has escapes resolved, `raw` is the text between the quotes.
    case string(value: String, raw: String)
    /// `$.x`, `$$.x` or `$var` path.
    case path(JSONPath)
    /// A nested intrinsic call.
    case call(IntrinsicCall)
}

/// A syntax problem in an intrinsic expression.
struct IntrinsicSyntaxError: Error, Sendable {
    var message: String
}

/// The 18 intrinsic functions and how many arguments each accepts.
enum IntrinsicFunction {
    static let arity: [String: ClosedRange<Int>] = [
        "States.Format": 1...Int.max,
        "States.StringToJson": 1...1,
        "States.JsonToString": 1...1,
        "States.Array": 0...Int.max,
        "States.ArrayPartition": 2...2,
        "States.ArrayContains": 2...2,
        "States.ArrayRange": 3...3,
        "States.ArrayGetItem": 2...2,
        "States.ArrayLength": 1...1,
        "States.ArrayUnique": 1...1,
        "States.Base64Encode": 1...1,
        "States.Base64Decode": 1...1,
        "States.Hash": 2...2,
        "States.JsonMerge": 3...3,
        "States.MathRandom": 2...3,
        "States.MathAdd": 2...2,
        "States.StringSplit": 2...2,
        "States.UUID": 0...0,
    ]

    /// The maximum nesting of calls within one field.
    static let maxNesting = 10
}
