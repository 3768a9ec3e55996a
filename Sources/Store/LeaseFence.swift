/// The lease a commit must still hold: the commit fails with ``StoreError/fencingConflict`` unless
/// the lease `name` has this `fencingToken` and has not expired at the commit's date.
public struct LeaseFence: Sendable, Equatable {
    /// The lease name.
    public var name: String
    /// The fencing token returned when the lease was acquired.
    public var fencingToken: Int64

    /// Creates a fence.
    public init(name: String, fencingToken: Int64) {
        self.name = name
        self.fencingToken = fencingToken
    }

    /// The fence for a lease just acquired or renewed.
    public init(_ lease: Lease) {
        self.init(name: lease.name, fencingToken: lease.fencingToken)
    }
}
