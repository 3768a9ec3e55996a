/// One finding of definition validation, shaped like ValidateStateMachineDefinition's diagnostics.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable { case error = "ERROR", warning = "WARNING" }

    /// `ERROR` or `WARNING`.
    public var severity: Severity
    /// AWS's code, e.g. `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`.
    public var code: String
    /// The human-readable message, without the code and location.
    public var message: String
    /// A JSON pointer into the definition, e.g. `/States/Foo/Next`.
    public var location: String

    public init(severity: Severity = .error, code: String, message: String, location: String) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    /// AWS's rendering: `CODE: message at /location`.
    public var description: String { "\(code): \(message) at \(location)" }

    static func schema(_ message: String, at location: String) -> Diagnostic {
        Diagnostic(code: Code.schemaValidationFailed, message: message, location: location)
    }

    /// AWS's diagnostic codes used by this validator.
    public enum Code {
        public static let schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
        public static let missingTransitionTarget = "MISSING_TRANSITION_TARGET"
        public static let unreachableState = "UNREACHABLE_STATE"
        public static let invalidJSONDescription = "INVALID_JSON_DESCRIPTION"
        public static let duplicateStateName = "DUPLICATE_STATE_NAME"
    }
}
