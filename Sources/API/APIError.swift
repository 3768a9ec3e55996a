/// An error as the AWS JSON 1.0 protocol returns it: `{"__type": code, "message": message}` with
/// an HTTP status.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var status: Int

    public init(_ code: String, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { "\(code): \(message)" }

    static func validation(_ message: String) -> APIError { APIError("ValidationException", message) }
    static func invalidArn(_ arn: String, _ why: String = "Resource type not valid in this context") -> APIError {
        APIError("InvalidArn", "Invalid Arn: '\(why): \(arn)'")
    }
    static func stateMachineDoesNotExist(_ arn: String) -> APIError {
        APIError("StateMachineDoesNotExist", "State Machine Does Not Exist: '\(arn)'")
    }
    static func executionDoesNotExist(_ arn: String) -> APIError {
        APIError("ExecutionDoesNotExist", "Execution Does Not Exist: '\(arn)'")
    }
    static func invalidToken(_ message: String = "Invalid Token") -> APIError { APIError("InvalidToken", message) }
    static func internalFailure(_ message: String) -> APIError { APIError("InternalFailure", message, status: 500) }
}
