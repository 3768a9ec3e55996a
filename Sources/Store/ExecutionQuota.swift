/// The per-account limit on open (`RUNNING`) executions that a create must respect.
///
/// A plain create takes a slot only while the account has fewer than `maxOpen - reservedForNested`
/// open executions; a nested create (started by another execution) may also use the reserve, up to
/// `maxOpen`. The check and the increment are one atomic step with the insert.
public struct ExecutionQuota: Sendable, Equatable {
    /// The maximum number of open executions of the account.
    public var maxOpen: Int
    /// Slots only nested creates may use.
    public var reservedForNested: Int
    /// How many executions above this one started it: 0 for a start from the API, 1 for a child,
    /// 2 for a grandchild...
    public var depth: Int
    /// The StartExecution bucket the create must take a token from (a start through the API);
    /// `nil` for starts that are not throttled (nested starts, benchmarks, tests).
    public var bucket: StartBucket?

    /// Creates a quota.
    /// - Parameters:
    ///   - maxOpen: The account's limit.
    ///   - reservedForNested: Slots kept for nested starts (0 by default).
    ///   - depth: 0 for a start from the API; a nested start's depth below its root.
    ///   - bucket: The StartExecution bucket to take a token from, if any.
    public init(maxOpen: Int, reservedForNested: Int = 0, depth: Int = 0, bucket: StartBucket? = nil) {
        self.maxOpen = maxOpen
        self.reservedForNested = reservedForNested
        self.depth = max(0, depth)
        self.bucket = bucket
    }

    /// A quota for a nested start deep enough to use the whole reserve (or for a root start).
    public init(maxOpen: Int, reservedForNested: Int = 0, isNested: Bool) {
        self.init(maxOpen: maxOpen, reservedForNested: reservedForNested, depth: isNested ? reservedForNested : 0)
    }

    /// No limit (the slot is still counted).
    public static let unlimited = ExecutionQuota(maxOpen: Int(Int32.max))

    /// The open count this create must stay below.
    ///
    /// The reserve is graded by depth: roots stop `reservedForNested` slots short of `maxOpen`,
    /// and each level down may take one more reserved slot, so executions at depth `k` or less
    /// never hold more than `maxOpen - reservedForNested + k` slots. The deepest waiting level
    /// therefore always finds a slot the levels above cannot take, and a tree of up to
    /// `reservedForNested` levels below its root can always finish.
    public var effectiveLimit: Int {
        max(0, maxOpen - reservedForNested + min(depth, reservedForNested))
    }
}
