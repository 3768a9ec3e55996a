/// Which executions ``ExecutionStore/listExecutions(_:page:)`` returns (newest first).
public struct ExecutionFilter: Sendable, Equatable {
    /// Executions of one state machine, or of a whole account.
    public enum Scope: Sendable, Equatable {
        case stateMachine(String)
        case account(String)
    }

    /// The scope.
    public var scope: Scope
    /// Only executions with this status, if set.
    public var status: ExecutionRecord.Status?

    /// Creates a filter.
    public init(_ scope: Scope, status: ExecutionRecord.Status? = nil) {
        self.scope = scope
        self.status = status
    }

    /// Executions of one state machine.
    public static func stateMachine(_ arn: String, status: ExecutionRecord.Status? = nil) -> ExecutionFilter {
        ExecutionFilter(.stateMachine(arn), status: status)
    }

    /// Executions of one account.
    public static func account(_ account: String, status: ExecutionRecord.Status? = nil) -> ExecutionFilter {
        ExecutionFilter(.account(account), status: status)
    }
}
