public import Foundation

/// Which executions ``ExecutionStore/listExecutions(_:page:)`` returns (newest first), and which
/// ``ExecutionStore/executionCounts(_:)`` counts.
public struct ExecutionFilter: Sendable, Equatable {
    /// Executions of one state machine, of a whole account, or started by one execution.
    public enum Scope: Sendable, Equatable {
        case stateMachine(String)
        case account(String)
        /// The executions this one started (its children in the tree).
        case children(of: String)
    }

    /// The scope.
    public var scope: Scope
    /// Only executions with this status, if set.
    public var status: ExecutionRecord.Status?
    /// Only executions whose name starts with this, if set (the console's name filter).
    public var namePrefix: String?
    /// Only executions started at or after this date, if set.
    public var startedAfter: Date?
    /// Only executions started before this date, if set.
    public var startedBefore: Date?

    /// Creates a filter.
    public init(
        _ scope: Scope, status: ExecutionRecord.Status? = nil, namePrefix: String? = nil,
        startedAfter: Date? = nil, startedBefore: Date? = nil
    ) {
        self.scope = scope
        self.status = status
        self.namePrefix = namePrefix
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
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
