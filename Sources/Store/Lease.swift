public import Foundation

/// A named lease held by one owner until it expires (e.g. a shard of executions).
public struct Lease: Sendable, Equatable {
    /// The lease name.
    public var name: String
    /// The current owner id.
    public var owner: String
    /// Increases on every change of owner; commits carry it to fence out former owners.
    public var fencingToken: Int64
    /// When the lease lapses unless renewed.
    public var expiresAt: Date

    /// Creates a lease value.
    public init(name: String, owner: String, fencingToken: Int64, expiresAt: Date) {
        self.name = name
        self.owner = owner
        self.fencingToken = fencingToken
        self.expiresAt = expiresAt
    }
}
