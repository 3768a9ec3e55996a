public import JSONValue
/// One entry of `Choices`: a condition, its `Next` state and optional `Assign`.
public struct ChoiceRule: Sendable {
    public var condition: ChoiceCondition
    public var next: String
    public var assign: JSON?
    /// JSONata `Output` of this rule (replaces the state's `Output` when the rule matches).
    public var output: JSON?
}

/// A Choice Rule condition: a comparison or a boolean combination (`And`, `Or`, `Not`).
public indirect enum ChoiceCondition: Sendable {
    case and([ChoiceCondition])
    case or([ChoiceCondition])
    case not(ChoiceCondition)
    /// `Variable` compared by `comparison` with a literal or a `...Path` operand.
    case compare(variable: String, comparison: ChoiceComparison, operand: ChoiceOperand)
    /// A JSONata `Condition` (`{% ... %}`), which must evaluate to a boolean.
    case jsonata(String)
}

/// The right-hand side of a comparison: a literal or a path (`StringEqualsPath`).
public enum ChoiceOperand: Sendable {
    case value(JSON)
    case path(String)
}

/// A comparison operator, without its `Path` suffix.
public enum ChoiceComparison: String, Sendable, CaseIterable {
    case stringEquals = "StringEquals", stringLessThan = "StringLessThan"
    case stringGreaterThan = "StringGreaterThan", stringLessThanEquals = "StringLessThanEquals"
    case stringGreaterThanEquals = "StringGreaterThanEquals", stringMatches = "StringMatches"
    case numericEquals = "NumericEquals", numericLessThan = "NumericLessThan"
    case numericGreaterThan = "NumericGreaterThan", numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals", timestampLessThan = "TimestampLessThan"
    case timestampGreaterThan = "TimestampGreaterThan", timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull", isPresent = "IsPresent", isNumeric = "IsNumeric"
    case isString = "IsString", isBoolean = "IsBoolean", isTimestamp = "IsTimestamp"

    /// Whether a `<name>Path` form exists (not for `StringMatches` and the `Is...` tests).
    var hasPathForm: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: false
        default: true
        }
    }

    /// The JSON type a literal operand must have.
    var operandKind: String {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals,
             .stringGreaterThanEquals, .stringMatches,
             .timestampEquals, .timestampLessThan, .timestampGreaterThan,
             .timestampLessThanEquals, .timestampGreaterThanEquals: "String"
        case .numericEquals, .numericLessThan, .numericGreaterThan,
             .numericLessThanEquals, .numericGreaterThanEquals: "Number"
        default: "Boolean"
        }
    }

    static let byName: [String: (ChoiceComparison, isPath: Bool)] = {
        var table: [String: (ChoiceComparison, isPath: Bool)] = [:]
        for c in allCases {
            table[c.rawValue] = (c, false)
            if c.hasPathForm { table[c.rawValue + "Path"] = (c, true) }
        }
        return table
    }()
}
