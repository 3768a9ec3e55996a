public import Foundation

/// A state machine as stored: its current revision plus identity and lifecycle.
public struct StateMachineRecord: Sendable, Equatable {
    /// `STANDARD` or `EXPRESS`.
    public enum Kind: String, Sendable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }

    /// `ACTIVE` or `DELETING` (deleted state machines are removed).
    public enum Status: String, Sendable, CaseIterable {
        case active = "ACTIVE"
        case deleting = "DELETING"
    }

    /// The state machine ARN (unique).
    public var arn: String
    /// The AWS account id that owns it.
    public var account: String
    /// The name (unique per account and region, enforced by the ARN).
    public var name: String
    /// The workflow type.
    public var kind: Kind
    /// The ASL definition text of the current revision.
    public var definition: String
    /// The role ARN of the current revision.
    public var roleArn: String
    /// The lifecycle status.
    public var status: Status
    /// When the state machine was created.
    public var creationDate: Date
    /// The id of the current revision; every update makes a new one.
    public var revisionId: String
    /// When the current revision was made.
    public var updateDate: Date

    /// Creates a record.
    /// - Parameters:
    ///   - revisionId: The first revision's id; `updateDate` defaults to `creationDate`.
    public init(
        arn: String, account: String, name: String, kind: Kind = .standard, definition: String, roleArn: String,
        status: Status = .active, creationDate: Date, revisionId: String, updateDate: Date? = nil
    ) {
        self.arn = arn
        self.account = account
        self.name = name
        self.kind = kind
        self.definition = definition
        self.roleArn = roleArn
        self.status = status
        self.creationDate = creationDate
        self.revisionId = revisionId
        self.updateDate = updateDate ?? creationDate
    }
}
