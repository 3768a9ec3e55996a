import ASL
import Foundation
import JSONValue
import Messages
import Store

/// Records the interpreter's actions as store rows and outbox messages (pure: no I/O).
///
/// A task invocation becomes a message to its resource's queue whose reply address is the
/// execution's shard queue; a child execution becomes a start request; timers become timer rows
/// named `<execution ARN>|<timer id>`. Work that cannot be dispatched (a resource no worker queue
/// serves) comes back as an event to feed the interpreter at once.
enum ActionRecorder {
    /// The exchange every outbox message goes through.
    static let exchange = WireNames.exchange

    /// Records `actions` in `live` and `change`; returns events the driver must feed back now.
    static func record(_ actions: [ExecutionAction], on live: inout LiveExecution, into change: inout ExecutionChange,
                        at ms: Int64) -> [ExecutionEvent] {
        var feedback: [ExecutionEvent] = []
        let arn = live.arn
        let date = Date(milliseconds: ms)
        for action in actions {
            switch action {
            case .recordHistory(let event):
                change.events.append(historyRow(event))
                change.tally.count(event.details)
                if let trace = live.trace {
                    switch event.details {
                    case .stateEntered(let name, _, _): trace.enterState(name)
                    case .stateExited(let name, _, _, _): trace.exitState(name)
                    default: break
                    }
                }
            case .invokeTask(let invocation):
                let attempt = attempt(of: invocation.id)
                if attempt > 0 { change.tally.retried(resourceArn: invocation.resource) }
                do {
                    var message = try TaskInvocationMessage(
                        invocation, executionArn: arn, attempt: attempt,
                        replyTo: ReplyAddress(exchange: exchange, routingKey: Shards.queue(of: arn)))
                    message.scheduledAt = ms
                    message.traceparent = live.trace?.startTask(id: invocation.id, state: invocation.stateName, resource: invocation.resource)
                    live.taskResources[invocation.id] = invocation.resource
                    change.outbox.append(outbox(message.encoded(), routingKey: message.target.queue, arn: arn, date: date))
                } catch {
                    feedback.append(.taskFailed(taskId: invocation.id, error: "States.TaskFailed", cause: error.description))
                }
            case .startChildExecution(let request):
                let (childArn, name) = childIdentity(request)
                live.children[request.taskId] = childArn
                var start = ExecutionStartRequest(
                    stateMachineArn: request.stateMachineArn, name: name, input: request.input.serialized(),
                    parent: .init(executionArn: arn, taskKey: request.taskId, mode: request.mode.rawValue))
                start.traceparent = live.trace?.startTask(id: request.taskId, state: nil, resource: "states:startExecution")
                // To the shard queue of the child: the coordinator that will run it creates it, with
                // the child in its cache (no replay at its first result).
                change.outbox.append(outbox(start.encoded(), routingKey: Shards.queue(of: childArn), arn: arn, date: date))
            case .cancelTask(let id):
                live.trace?.endTask(id: id, error: "cancelled")
                live.taskResources[id] = nil
                if let child = live.children.removeValue(forKey: id) {
                    let stop = ExecutionSignal(executionArn: child, kind: .stop, cause: "The parent execution stopped waiting for it.")
                    change.outbox.append(outbox(stop.encoded(), routingKey: Shards.queue(of: child), arn: arn, date: date))
                }
            case .startTimer(let id, let due):
                let rowId = timerRowId(arn, id)
                change.addTimers.removeAll { $0.id == rowId }
                change.deleteTimerIds.append(rowId)
                change.addTimers.append(TimerRecord(id: rowId, executionArn: arn, dueDate: Date(milliseconds: due), payload: id))
            case .cancelTimer(let id):
                let rowId = timerRowId(arn, id)
                change.addTimers.removeAll { $0.id == rowId }
                change.deleteTimerIds.append(rowId)
            case .finish(let result):
                live.trace?.finish(status: result.status.rawValue, error: result.error)
                change.result = result
                change.addTimers.removeAll()
            }
        }
        return feedback
    }

    /// The store row of a history event; `details` holds the `…EventDetails` member as a JSON object.
    static func historyRow(_ event: ASL.HistoryEvent) -> Store.HistoryEvent {
        Store.HistoryEvent(id: Int64(event.id), previousEventId: Int64(event.previousEventId),
                           timestamp: Date(milliseconds: event.timestampMilliseconds), type: event.type,
                           details: event.details.text())
    }

    static func timerRowId(_ arn: String, _ id: String) -> String { arn + "|" + id }

    /// The attempt number at the end of a task id (`<arn>#<entered>#<attempt>`).
    static func attempt(of taskId: String) -> Int {
        guard let hash = taskId.lastIndex(of: "#") else { return 0 }
        return Int(taskId[taskId.index(after: hash)...]) ?? 0
    }

    static func outbox(_ message: WireMessage, routingKey: String, arn: String, date: Date) -> OutboxMessage {
        var headers = JSONWriter(capacity: 64)
        headers.beginObject()
        for (key, value) in message.headers.sorted(by: { $0.key < $1.key }) {
            headers.key(named: key)
            headers.string(value)
        }
        headers.endObject()
        return OutboxMessage(executionArn: arn, exchange: exchange, routingKey: routingKey, body: message.body,
                             headers: headers.string(), createdDate: date)
    }

    /// The child's ARN and name: the given name, or one derived from the task id so that a
    /// replayed or redelivered start names the same execution.
    static func childIdentity(_ request: ChildExecutionRequest) -> (arn: String, name: String) {
        let name = request.name ?? derivedName(request.taskId)
        return (ARNs.executionArn(stateMachineArn: request.stateMachineArn, name: name), name)
    }

    /// A UUID-shaped name made from two FNV-1a hashes of `seed`.
    static func derivedName(_ seed: String) -> String {
        func fnv(_ basis: UInt64) -> UInt64 {
            var h = basis
            for b in seed.utf8 { h ^= UInt64(b); h &*= 0x100_0000_01b3 }
            return h
        }
        let a = fnv(0xcbf2_9ce4_8422_2325), b = fnv(0x8422_2325_cbf2_9ce4)
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}
