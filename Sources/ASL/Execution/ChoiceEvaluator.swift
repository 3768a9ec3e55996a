import JSONValue
/// Evaluates Choice Rule conditions against a path environment.
enum ChoiceEvaluator {
    static func evaluate(_ condition: ChoiceCondition, in env: PathEnvironment,
                         bindings: [String: JSON] = [:]) throws(StatesError) -> Bool {
        switch condition {
        case .jsonata(let source):
            let expression = try JSONataExpression(parsing: source)
            let value = try expression.evaluate(field: "Condition", input: env.input, bindings: bindings, seed: env.randomSeed)
            guard case .bool(let b) = value else {
                throw expression.unexpectedType(field: "Condition", expected: "boolean", value: value)
            }
            return b
        case .and(let parts):
            for part in parts where try !evaluate(part, in: env, bindings: bindings) { return false }
            return true
        case .or(let parts):
            for part in parts where try evaluate(part, in: env, bindings: bindings) { return true }
            return false
        case .not(let inner):
            return try !evaluate(inner, in: env, bindings: bindings)
        case .compare(let variable, let comparison, let operand):
            let value = DataFlow.query(variable, in: env)
            if comparison == .isPresent {
                return (value != nil) == (operand.literal?.boolValue ?? true)
            }
            guard let value else {
                throw StatesError.runtime("Invalid path '\(variable)': The choice state's condition path references an invalid value.")
            }
            let expected: JSON
            switch operand {
            case .value(let v): expected = v
            case .path(let p):
                guard let v = DataFlow.query(p, in: env) else {
                    throw StatesError.runtime("Invalid path '\(p)': The choice state's condition path references an invalid value.")
                }
                expected = v
            }
            return compare(value, comparison, expected)
        }
    }

    static func compare(_ value: JSON, _ comparison: ChoiceComparison, _ expected: JSON) -> Bool {
        switch comparison {
        case .isNull: return value.isNull == (expected.boolValue ?? true)
        case .isNumeric: return (value.numberValue != nil) == (expected.boolValue ?? true)
        case .isString: return (value.stringValue != nil) == (expected.boolValue ?? true)
        case .isBoolean: return (value.boolValue != nil) == (expected.boolValue ?? true)
        case .isTimestamp:
            let isTimestamp = value.stringValue.flatMap(RFC3339Timestamp.init) != nil
            return isTimestamp == (expected.boolValue ?? true)
        case .isPresent: return true
        case .booleanEquals:
            guard let a = value.boolValue, let b = expected.boolValue else { return false }
            return a == b
        case .stringMatches:
            guard let a = value.stringValue, let pattern = expected.stringValue else { return false }
            return WildcardPattern.matches(Array(a.unicodeScalars), pattern: Array(pattern.unicodeScalars))
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals:
            guard let a = value.stringValue, let b = expected.stringValue else { return false }
            let order = a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : (a == b ? 0 : 1)
            return holds(order, comparison)
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            guard let a = value.numberValue?.double, let b = expected.numberValue?.double else { return false }
            return holds(a < b ? -1 : (a == b ? 0 : 1), comparison)
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals, .timestampGreaterThanEquals:
            guard let a = value.stringValue.flatMap(RFC3339Timestamp.init),
                  let b = expected.stringValue.flatMap(RFC3339Timestamp.init) else { return false }
            return holds(a < b ? -1 : (a == b ? 0 : 1), comparison)
        }
    }

    /// Whether an ordering (-1, 0, 1) satisfies an Equals/LessThan/... operator.
    static func holds(_ order: Int, _ comparison: ChoiceComparison) -> Bool {
        switch comparison {
        case .stringEquals, .numericEquals, .timestampEquals: order == 0
        case .stringLessThan, .numericLessThan, .timestampLessThan: order < 0
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: order > 0
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: order <= 0
        default: order >= 0
        }
    }
}

extension ChoiceOperand {
    var literal: JSON? { if case .value(let v) = self { v } else { nil } }
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
enum WildcardPattern {
    static func matches(_ text: [Unicode.Scalar], pattern: [Unicode.Scalar]) -> Bool {
        var tokens: [(scalar: Unicode.Scalar, wildcard: Bool)] = []
        var i = 0
        while i < pattern.count {
            if pattern[i] == "\\", i + 1 < pattern.count {
                tokens.append((pattern[i + 1], false))
                i += 2
            } else {
                tokens.append((pattern[i], pattern[i] == "*"))
                i += 1
            }
        }
        var t = 0, p = 0, star = -1, mark = 0
        while t < text.count {
            if p < tokens.count, !tokens[p].wildcard, tokens[p].scalar == text[t] {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p].wildcard {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p].wildcard { p += 1 }
        return p == tokens.count
    }
}
