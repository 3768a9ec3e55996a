public import Foundation

/// One atomic change to an execution: the coordinator's only write path after the start.
///
/// The store applies all of it or nothing: it checks ``expectedVersion`` and the optional ``fence``,
/// sets the new status and results, bumps the version, appends history, adds and deletes timers,
/// queues outbox messages, records processed result keys, deletes every timer of an execution
/// that stops, and frees the account's open-execution
/// slot when the status leaves `RUNNING`.
public struct ExecutionCommit: Sendable {
    /// The execution to change.
    public var executionArn: String
    /// The version the coordinator read; the commit fails with ``StoreError/versionConflict`` otherwise.
    public var expectedVersion: Int64
    /// The lease the coordinator must still hold, if executions are sharded by lease.
    public var fence: LeaseFence?
    /// When the change happens (also the instant the fence must still be valid at).
    public var date: Date
    /// The new status (terminal statuses cannot go back to `RUNNING`).
    public var status: ExecutionRecord.Status
    /// The output JSON text, if any.
    public var output: String?
    /// The error name, if any.
    public var error: String?
    /// The error cause, if any.
    public var cause: String?
    /// The stop date, if the execution stops.
    public var stopDate: Date?
    /// The interpreter snapshot after the change.
    public var snapshot: [UInt8]
    /// History events to append (ids continue the execution's sequence).
    public var events: [HistoryEvent]
    /// Timers to add.
    public var addTimers: [TimerRecord]
    /// Ids of timers to delete (fired or cancelled); unknown ids are ignored.
    public var deleteTimerIds: [String]
    /// Messages to publish once committed.
    public var outbox: [OutboxMessage]
    /// Idempotency keys of the task results this change applied or ignored.
    public var processedResultKeys: [String]

    /// Creates a commit.
    public init(
        executionArn: String, expectedVersion: Int64, fence: LeaseFence? = nil, date: Date,
        status: ExecutionRecord.Status = .running, output: String? = nil, error: String? = nil, cause: String? = nil,
        stopDate: Date? = nil, snapshot: [UInt8] = [], events: [HistoryEvent] = [], addTimers: [TimerRecord] = [],
        deleteTimerIds: [String] = [], outbox: [OutboxMessage] = [], processedResultKeys: [String] = []
    ) {
        self.executionArn = executionArn
        self.expectedVersion = expectedVersion
        self.fence = fence
        self.date = date
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.stopDate = stopDate
        self.snapshot = snapshot
        self.events = events
        self.addTimers = addTimers
        self.deleteTimerIds = deleteTimerIds
        self.outbox = outbox
        self.processedResultKeys = processedResultKeys
    }
}
