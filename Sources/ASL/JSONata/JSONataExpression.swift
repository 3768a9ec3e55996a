public import JSONValue
/// A parsed JSONata expression (the text between `{%` and `%}` in a JSONata state), ready to be
/// evaluated many times. Errors are `States.QueryEvaluationError` values with AWS's wording.
public struct JSONataExpression: Sendable {
    /// The expression text as written (without the `{% %}` delimiters).
    public let source: String
    let root: JSONataNode

    /// The error name AWS reports for JSONata failures.
    public static let errorName = "States.QueryEvaluationError"

    /// Parses `source`; a syntax error is thrown with the JSONata code and message as the cause
    /// (e.g. `S0202: Expected ")", got "]"`).
    public init(parsing source: String) throws(StatesError) {
        self.source = source
        do throws(JSONataError) {
            root = try JSONataParser.parse(source)
        } catch {
            throw StatesError(JSONataExpression.errorName, cause: error.cause)
        }
    }

    /// Whether an ASL string value is a JSONata expression: it starts with `{%` and ends with `%}`.
    public static func isExpression(_ s: String) -> Bool { body(of: s) != nil }

    /// The expression inside `{% ... %}` with surrounding whitespace removed, or nil when `s` is not one.
    public static func body(of s: String) -> String? {
        guard s.hasPrefix("{%"), s.hasSuffix("%}"), s.utf8.count >= 4 else { return nil }
        let inner = s.dropFirst(2).dropLast(2)
        return String(inner.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// What an evaluation produced.
    public enum Outcome: Sendable, Hashable {
        /// A JSON value.
        case value(JSON)
        /// JSONata's *undefined* (nothing matched).
        case undefined
        /// A function (not representable as JSON).
        case function
    }

    /// Evaluates with `input` as the context `$` (nil: undefined) and `bindings` as `$name` variables
    /// (e.g. `states`, workflow variables). `seed` drives `$random`, `$uuid` and `$shuffle`;
    /// `nowMilliseconds` is what `$now()`/`$millis()` report (nil: they fail).
    public func outcome(input: JSON?, bindings: [String: JSON], seed: UInt64, nowMilliseconds: Int64? = nil) throws(StatesError) -> Outcome {
        let evaluator = JSONataEvaluator(input: input.map(Value.json), bindings: bindings, seed: seed, nowMilliseconds: nowMilliseconds)
        do throws(JSONataError) {
            guard let v = try evaluator.evaluate(root, input.map(Value.json), evaluator.rootFrame) else { return .undefined }
            if case .function = v { return .function }
            return v.toJSON().map(Outcome.value) ?? .undefined
        } catch {
            throw StatesError(JSONataExpression.errorName, cause: error.cause)
        }
    }

    /// Evaluates as `outcome` does; nil is *undefined*. A function result is an error.
    public func evaluate(input: JSON?, bindings: [String: JSON], seed: UInt64, nowMilliseconds: Int64? = nil) throws(StatesError) -> JSON? {
        switch try outcome(input: input, bindings: bindings, seed: seed, nowMilliseconds: nowMilliseconds) {
        case .value(let v): return v
        case .undefined: return nil
        case .function: throw StatesError(JSONataExpression.errorName, cause: "returned an unsupported result type.")
        }
    }

    /// Evaluates for the ASL field `field` (e.g. `Output/result`): undefined, a function result or a
    /// JSONata error fail with AWS's cause, e.g. "The JSONata expression '$x' specified for the field
    /// 'Output' returned nothing (undefined)." (the caller adds the "An error occurred while executing
    /// the state ..." prefix).
    public func evaluate(field: String, input: JSON?, bindings: [String: JSON], seed: UInt64,
                         nowMilliseconds: Int64? = nil) throws(StatesError) -> JSON {
        let result: Outcome
        do throws(StatesError) {
            result = try outcome(input: input, bindings: bindings, seed: seed, nowMilliseconds: nowMilliseconds)
        } catch {
            throw failure(field: field, "threw an error during evaluation. \(error.cause ?? "")")
        }
        switch result {
        case .value(let v): return v
        case .undefined: throw failure(field: field, "returned nothing (undefined).")
        case .function: throw failure(field: field, "returned an unsupported result type.")
        }
    }

    /// `States.QueryEvaluationError` with the cause "The JSONata expression '<source>' specified for
    /// the field '<field>' <detail>".
    public func failure(field: String, _ detail: String) -> StatesError {
        StatesError(JSONataExpression.errorName, cause: "The JSONata expression '\(source)' specified for the field '\(field)' \(detail)")
    }

    /// The failure for a result of the wrong type, e.g. `Items` that is not an array:
    /// "... returned an unexpected result type. Expected 'array', but was 'boolean' for value: true".
    public func unexpectedType(field: String, expected: String, value: JSON) -> StatesError {
        failure(field: field, "returned an unexpected result type. Expected '\(expected)', but was '\(JSONataExpression.typeName(value))' for value: \(value.serialized())")
    }

    /// JSONata's name for a JSON value's type: null, boolean, number, string, array, object.
    public static func typeName(_ value: JSON) -> String { Value.json(value).typeName }
}
