import ASL
import Foundation
import JSONValue
import Store

/// Feeds events to an execution's interpreter and gathers the effects for the store (pure).
enum ExecutionDriver {
    /// A new execution: runs the interpreter from its start until it waits or ends.
    /// A queued execution starts later than its `startDate` (which `$$.Execution.StartTime` keeps):
    /// `startedAt` is when it leaves the queue, the time of its first events.
    static func start(record: ExecutionRecord, definition: LoadedDefinition, input: JSON, seed: UInt64,
                      parentTask: Journal.ParentTask? = nil, startedAt: Int64? = nil,
                      trace: ExecutionTrace? = nil) -> (LiveExecution, ExecutionChange) {
        let ms = startedAt ?? record.startDate.milliseconds
        var machine = ExecutionStateMachine(definition: definition.definition, info: info(record, definition, input: input), randomSeed: seed)
        let actions = machine.start(at: ms)
        var live = LiveExecution(record: record, machine: machine, journal: Journal(seed: seed, startMilliseconds: ms, parentTask: parentTask))
        live.trace = trace
        var change = ExecutionChange(applied: true)
        let feedback = ActionRecorder.record(actions, on: &live, into: &change, at: ms)
        for event in feedback { apply(event, at: ms, to: &live, change: &change) }
        return (live, change)
    }

    /// Applies one event (and whatever it immediately causes) at `ms`.
    static func apply(_ event: ExecutionEvent, at ms: Int64, to live: inout LiveExecution, change: inout ExecutionChange) {
        var pending = [event]
        var index = 0
        while index < pending.count {
            let next = pending[index]
            index += 1
            live.journal.entries.append((ms, next))
            let actions = live.machine.handle(next, at: ms)
            change.applied = true
            pending += ActionRecorder.record(actions, on: &live, into: &change, at: ms)
            forget(next, in: &live)
        }
    }

    /// Rebuilds a stored execution by replaying its journal.
    /// - Throws: ``JournalError`` when the snapshot cannot be read.
    static func replay(record: ExecutionRecord, definition: LoadedDefinition) throws(JournalError) -> LiveExecution {
        let journal = try Journal(decoding: record.snapshot)
        let input = (try? JSON(parsing: record.input)) ?? .object(JSONObject())
        var machine = ExecutionStateMachine(definition: definition.definition, info: info(record, definition, input: input),
                                            randomSeed: journal.seed)
        machine.recordsHistory = false
        var live = LiveExecution(record: record, machine: machine, journal: journal)
        var scratch = ExecutionChange()
        _ = ActionRecorder.record(live.machine.start(at: journal.startMilliseconds), on: &live, into: &scratch, at: journal.startMilliseconds)
        for (ms, event) in journal.entries {
            scratch = ExecutionChange()
            _ = ActionRecorder.record(live.machine.handle(event, at: ms), on: &live, into: &scratch, at: ms)
            forget(event, in: &live)
        }
        live.machine.recordsHistory = true
        return live
    }

    /// Drops the bookkeeping of a task that has ended.
    static func forget(_ event: ExecutionEvent, in live: inout LiveExecution) {
        switch event {
        case .taskSucceeded(let id, _), .taskFailed(let id, _, _), .childExecutionFinished(let id, _):
            live.taskResources[id] = nil
            live.children[id] = nil
            if let trace = live.trace {
                switch event {
                case .taskFailed(_, let error, _): trace.endTask(id: id, error: error)
                case .childExecutionFinished(_, let outcome) where outcome.status != .succeeded: trace.endTask(id: id, error: outcome.status.rawValue)
                default: trace.endTask(id: id)
                }
            }
        default: break
        }
    }

    static func info(_ record: ExecutionRecord, _ definition: LoadedDefinition, input: JSON) -> ExecutionInfo {
        ExecutionInfo(executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
                      stateMachineName: ARNs.stateMachineName(of: record.stateMachineArn), roleArn: definition.roleArn,
                      input: input, inputText: record.input, startTimeMilliseconds: record.startDate.milliseconds)
    }
}
