/// Which history events ``ExecutionStore/history(_:)`` returns.
public struct HistoryQuery: Sendable, Equatable {
    /// The execution.
    public var executionArn: String
    /// Return events after this id (before it when `reverse`), or from the start (end) when `nil`.
    public var after: Int64?
    /// The most events to return.
    public var limit: Int
    /// Newest first.
    public var reverse: Bool

    /// Creates a query.
    public init(executionArn: String, after: Int64? = nil, limit: Int = 1000, reverse: Bool = false) {
        self.executionArn = executionArn
        self.after = after
        self.limit = limit
        self.reverse = reverse
    }
}
