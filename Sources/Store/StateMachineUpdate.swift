public import Foundation

/// The change ``ExecutionStore/updateStateMachine(_:)`` applies: a new revision.
public struct StateMachineUpdate: Sendable {
    /// The state machine to update.
    public var arn: String
    /// The id of the new revision.
    public var revisionId: String
    /// The new definition, or `nil` to keep the current one.
    public var definition: String?
    /// The new role ARN, or `nil` to keep the current one.
    public var roleArn: String?
    /// When the update happened.
    public var date: Date

    /// Creates an update.
    public init(arn: String, revisionId: String, definition: String? = nil, roleArn: String? = nil, date: Date) {
        self.arn = arn
        self.revisionId = revisionId
        self.definition = definition
        self.roleArn = roleArn
        self.date = date
    }
}
