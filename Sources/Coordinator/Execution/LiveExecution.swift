import ASL
import Foundation
import Store

/// An execution a coordinator holds in memory between events: the interpreter value, the journal
/// that rebuilds it, and what the driver must remember about the tasks it dispatched.
struct LiveExecution: Sendable {
    /// The stored row as of ``version`` (identity, parent, start date).
    var record: ExecutionRecord
    var machine: ExecutionStateMachine
    var journal: Journal
    /// Resource ARN of each task in flight (the `lambda:invoke` output is wrapped by the coordinator).
    var taskResources: [String: String] = [:]
    /// Child execution ARN of each `startExecution` task in flight.
    var children: [String: String] = [:]
    /// Its spans, when the process traces and this coordinator started it (not after a replay).
    var trace: ExecutionTrace?

    var arn: String { record.arn }
    var version: Int64 { record.version }
}

/// The store-bound effects of one or more events on one execution, gathered for one commit.
struct ExecutionChange: Sendable {
    var events: [Store.HistoryEvent] = []
    var addTimers: [TimerRecord] = []
    var deleteTimerIds: [String] = []
    var outbox: [OutboxMessage] = []
    var processedResultKeys: [String] = []
    var result: ExecutionResult?
    /// What it did to tasks (metrics).
    var tally = CommitTally()
    /// Whether any event reached the interpreter (otherwise only timer rows may need deleting).
    var applied = false

    var isEmpty: Bool { !applied && deleteTimerIds.isEmpty }
}
