/// An access key and the account it acts for.
public struct AccessKey: Sendable, Hashable {
    /// The access key id (`AKIA...`, or `test` locally).
    public var id: String
    /// The secret access key.
    public var secret: String
    /// The 12-digit AWS account id.
    public var account: String

    public init(id: String, secret: String, account: String) {
        self.id = id
        self.secret = secret
        self.account = account
    }
}
