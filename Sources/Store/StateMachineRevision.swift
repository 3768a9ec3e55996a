public import Foundation

/// One revision of a state machine's definition; old revisions are kept because executions
/// record the revision they ran.
public struct StateMachineRevision: Sendable, Equatable {
    /// The state machine ARN.
    public var stateMachineArn: String
    /// The revision id (unique per state machine).
    public var revisionId: String
    /// The ASL definition text.
    public var definition: String
    /// The role ARN.
    public var roleArn: String
    /// When this revision was made.
    public var creationDate: Date

    /// Creates a revision value.
    public init(stateMachineArn: String, revisionId: String, definition: String, roleArn: String, creationDate: Date) {
        self.stateMachineArn = stateMachineArn
        self.revisionId = revisionId
        self.definition = definition
        self.roleArn = roleArn
        self.creationDate = creationDate
    }
}
