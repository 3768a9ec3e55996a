public import Foundation

/// An activity (`arn:aws:states:REGION:ACCOUNT:activity:NAME`): workers poll it with GetActivityTask.
public struct ActivityRecord: Sendable, Equatable {
    /// The activity ARN (unique).
    public var arn: String
    /// The AWS account id that owns it.
    public var account: String
    /// The name (unique per account and region, enforced by the ARN).
    public var name: String
    /// When it was created.
    public var creationDate: Date

    public init(arn: String, account: String, name: String, creationDate: Date) {
        self.arn = arn
        self.account = account
        self.name = name
        self.creationDate = creationDate
    }
}

/// A resource tag.
public struct ResourceTag: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
