/// Why a message could not be decoded or built. Codes are statics so new ones don't break callers.
public struct MessageError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case missingSchema, wrongSchema, unsupportedVersion, malformedBody, invalidResource
    }
    private let code: Code
    /// What went wrong, in one line.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message has no ``WireNames/schemaHeader``.
    public static func missingSchema(expected: String) -> MessageError {
        MessageError(.missingSchema, "no '\(WireNames.schemaHeader)' header (expected '\(expected)')")
    }
    /// The message is of another schema (e.g. a result where an invocation was expected).
    public static func wrongSchema(found: String, expected: String) -> MessageError {
        MessageError(.wrongSchema, "schema '\(found)' where '\(expected)' was expected")
    }
    /// The schema version is missing, not a number, or newer than this build understands.
    public static func unsupportedVersion(_ version: String, schema: String) -> MessageError {
        MessageError(.unsupportedVersion, "\(schema) version '\(version)' is not supported")
    }
    /// The body is not JSON, or a field is missing or of the wrong type.
    public static func malformedBody(_ message: String) -> MessageError { MessageError(.malformedBody, message) }
    /// A Task resource (or its `FunctionName`) names no activity or function a worker can serve.
    public static func invalidResource(_ message: String) -> MessageError { MessageError(.invalidResource, message) }

    /// Codes to compare against (`error == .malformedBody`); their messages are empty.
    public static let missingSchema = MessageError(.missingSchema, "")
    public static let wrongSchema = MessageError(.wrongSchema, "")
    public static let unsupportedVersion = MessageError(.unsupportedVersion, "")
    public static let malformedBody = MessageError(.malformedBody, "")
    public static let invalidResource = MessageError(.invalidResource, "")

    public var description: String { "message \(code.rawValue): \(message)" }

    /// Errors are equal when their codes are, so `error == .malformedBody` matches any message.
    public static func == (lhs: MessageError, rhs: MessageError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
