/// Everything ``ExecutionStore/createExecution(_:quota:)`` writes in one transaction.
public struct ExecutionStart: Sendable {
    /// The new execution (usually `RUNNING`, version 1).
    public var execution: ExecutionRecord
    /// The first history events (`ExecutionStarted`, …).
    public var events: [HistoryEvent]
    /// Messages to publish once committed.
    public var outbox: [OutboxMessage]
    /// Timers to add (e.g. the execution timeout).
    public var timers: [TimerRecord]

    /// Creates a start.
    public init(execution: ExecutionRecord, events: [HistoryEvent] = [], outbox: [OutboxMessage] = [], timers: [TimerRecord] = []) {
        self.execution = execution
        self.events = events
        self.outbox = outbox
        self.timers = timers
    }
}
