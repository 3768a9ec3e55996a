/// Throw from a handler to fail the Task with a chosen Error and Cause, which Retry and Catch
/// match on. Any other error fails it with the error's type name and description, as AWS Lambda
/// reports `errorType` and `errorMessage`.
public struct TaskFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The Task's Error name, e.g. `ImageTooLarge`.
    public var error: String
    /// The Task's Cause, e.g. a message or a JSON document.
    public var cause: String?

    /// - Parameters:
    ///   - error: The error name Retry and Catch match.
    ///   - cause: The human-readable cause.
    public init(error: String, cause: String? = nil) {
        self.error = error
        self.cause = cause
    }

    public var description: String { cause.map { "\(error): \($0)" } ?? error }
}
