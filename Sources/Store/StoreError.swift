/// An error thrown by an ``ExecutionStore``.
///
/// Compare against the statics (`error == .notFound`); new codes can be added without breaking callers.
/// An ``alreadyExists`` error raised by ``ExecutionStore/createExecution(_:quota:)`` carries the
/// execution that already has that name in ``existingExecution``, so the API can apply AWS's
/// idempotency rule for `StartExecution`.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case notFound
        case alreadyExists
        case versionConflict
        case fencingConflict
        case limitExceeded
        case throttled
        case resultAlreadyProcessed
        case invalidTransition
        case invalidArgument
        case backend
    }

    private let code: Code
    /// A human readable explanation.
    public let message: String
    /// The execution that caused an ``alreadyExists`` error on create, if any.
    public let existingExecution: ExecutionRecord?

    private init(_ code: Code, _ message: String = "", existing: ExecutionRecord? = nil) {
        self.code = code
        self.message = message
        self.existingExecution = existing
    }

    /// The record does not exist.
    public static let notFound = StoreError(.notFound)
    /// A record with the same key (or an execution with the same name) already exists.
    public static let alreadyExists = StoreError(.alreadyExists)
    /// The execution's version is not the expected one: another writer committed first.
    public static let versionConflict = StoreError(.versionConflict)
    /// The lease's fencing token has moved on (another owner) or the lease has expired.
    public static let fencingConflict = StoreError(.fencingConflict)
    /// The account already has its maximum number of open executions.
    public static let limitExceeded = StoreError(.limitExceeded)
    /// The account's StartExecution bucket is empty (``StartBucket``).
    public static let throttled = StoreError(.throttled)
    /// A processed-result key was recorded twice for the same execution.
    public static let resultAlreadyProcessed = StoreError(.resultAlreadyProcessed)
    /// The status change is not allowed (for example terminal back to `RUNNING`).
    public static let invalidTransition = StoreError(.invalidTransition)
    /// An argument is out of range (a negative limit, a malformed page token).
    public static let invalidArgument = StoreError(.invalidArgument)
    /// The database failed; ``message`` has the backend's description.
    public static let backend = StoreError(.backend)

    /// Returns a copy with a more specific message.
    /// - Parameter message: What happened, for logs and API messages.
    public func with(message: String) -> StoreError {
        StoreError(code, message, existing: existingExecution)
    }

    /// An ``alreadyExists`` error that carries the existing execution.
    /// - Parameter existing: The execution that already uses the name.
    public static func executionAlreadyExists(_ existing: ExecutionRecord) -> StoreError {
        StoreError(.alreadyExists, "execution \(existing.arn) already exists", existing: existing)
    }

    /// Two errors are equal when their codes are equal.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }

    public var description: String {
        message.isEmpty ? "StoreError.\(code.rawValue)" : "StoreError.\(code.rawValue): \(message)"
    }
}
