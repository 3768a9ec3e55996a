public import Foundation

/// One event of an execution's history (`GetExecutionHistory`).
public struct HistoryEvent: Sendable, Equatable {
    /// 1, 2, 3… within the execution.
    public var id: Int64
    /// The event this one follows, or 0.
    public var previousEventId: Int64
    /// When it happened.
    public var timestamp: Date
    /// The AWS event type, e.g. `TaskStateEntered`.
    public var type: String
    /// The `…EventDetails` object as JSON text.
    public var details: String

    /// Creates an event.
    public init(id: Int64, previousEventId: Int64, timestamp: Date, type: String, details: String = "{}") {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }
}
