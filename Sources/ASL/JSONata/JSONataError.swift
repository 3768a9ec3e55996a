import JSONValue
/// A JSONata failure: a code such as `T1006` and JSONata's message text for it.
/// Converted to `States.QueryEvaluationError` at the public boundary, with the cause `"<code>: <message>"`.
struct JSONataError: Error, Sendable, Hashable {
    var code: String
    var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The cause text AWS shows after "threw an error during evaluation.", e.g. `T1006: Attempted to invoke a non-function`.
    var cause: String { "\(code): \(message)" }

    /// JSON text of a value as JSONata quotes it inside messages (`{{value}}` uses JSON.stringify).
    static func quote(_ value: Value?) -> String {
        guard let value else { return "undefined" }
        return JSONataText.stringify(value)
    }

    static func quote(_ text: String) -> String { JSON.string(text).serialized() }

    // Syntax errors.
    static func syntax(_ token: String) -> JSONataError { JSONataError("S0201", "Syntax error: \(quote(token))") }
    static func expected(_ value: String, got token: String) -> JSONataError {
        JSONataError("S0202", "Expected \(quote(value)), got \(quote(token))")
    }
    static func expectedBeforeEnd(_ value: String) -> JSONataError {
        JSONataError("S0203", "Expected \(quote(value)) before end of expression")
    }
    static func unexpectedEnd() -> JSONataError { JSONataError("S0207", "Unexpected end of expression") }

    // Evaluation errors.
    static let notAFunction = JSONataError("T1006", "Attempted to invoke a non-function")
    static func notAFunction(didYouMean name: String) -> JSONataError {
        JSONataError("T1005", "Attempted to invoke a non-function. Did you mean $\(name)?")
    }
    static func leftNotNumber(_ op: String) -> JSONataError {
        JSONataError("T2001", "The left side of the \(quote(op)) operator must evaluate to a number")
    }
    static func rightNotNumber(_ op: String) -> JSONataError {
        JSONataError("T2002", "The right side of the \(quote(op)) operator must evaluate to a number")
    }
    static func argumentMismatch(_ index: Int, _ function: String) -> JSONataError {
        JSONataError("T0410", "Argument \(index) of function \(quote(function)) does not match function signature")
    }
    static func contextMismatch(_ index: Int, _ function: String) -> JSONataError {
        JSONataError("T0411", "Context value is not a compatible type with argument \(index) of function \(quote(function))")
    }
    static func arrayOf(_ index: Int, _ function: String, _ type: String) -> JSONataError {
        JSONataError("T0412", "Argument \(index) of function \(quote(function)) must be an array of \(quote(type))")
    }
    static func numberOutOfRange(_ value: Double) -> JSONataError {
        JSONataError("D1001", "Number out of range: \(value.isNaN ? "null" : JSONataNumber.format(value))")
    }
    static let stackOverflow = JSONataError(
        "U1001", "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.")
}
