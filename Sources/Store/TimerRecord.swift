public import Foundation

/// A durable timer (Wait state, retry back-off, timeouts). The coordinator chooses the id.
public struct TimerRecord: Sendable, Equatable {
    /// The timer id, unique across the store (e.g. execution ARN plus a sequence).
    public var id: String
    /// The execution it belongs to.
    public var executionArn: String
    /// When it fires.
    public var dueDate: Date
    /// What to do when it fires, opaque to the store.
    public var payload: String

    /// Creates a timer.
    public init(id: String, executionArn: String, dueDate: Date, payload: String) {
        self.id = id
        self.executionArn = executionArn
        self.dueDate = dueDate
        self.payload = payload
    }
}
