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
    /// Whether this create is a nested start.
    public var isNested: Bool

    /// Creates a quota.
    /// - Parameters:
    ///   - maxOpen: The account's limit.
    ///   - reservedForNested: Slots kept for nested starts (0 by default).
    ///   - isNested: Whether this create may use the reserve.
    public init(maxOpen: Int, reservedForNested: Int = 0, isNested: Bool = false) {
        self.maxOpen = maxOpen
        self.reservedForNested = reservedForNested
        self.isNested = isNested
    }

    /// No limit (the slot is still counted).
    public static let unlimited = ExecutionQuota(maxOpen: Int(Int32.max))

    /// The open count this create must stay below.
    public var effectiveLimit: Int {
        isNested ? maxOpen : max(0, maxOpen - reservedForNested)
    }
}
