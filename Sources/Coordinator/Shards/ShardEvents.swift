import ASL
import Foundation
import JSONValue
import Messages
import Store

/// What results and signals mean to an execution's interpreter, and the notice a `.sync`
/// child's end sends its parent (pure).
enum ShardEvents {
    /// The events a worker's result for a task the execution waits on becomes; keys of results
    /// that end their task are added to `processed`.
    static func events(for result: TaskResultMessage, in live: LiveExecution, processed: inout [String]) -> [ExecutionEvent] {
        let resource = live.taskResources[result.key] ?? ""
        switch result.outcome {
        case .succeeded(let output):
            // A callback task ends with SendTaskSuccess, not with the worker's return value.
            guard !resource.hasSuffix(".waitForTaskToken") else { return [.taskStarted(taskId: result.key)] }
            processed.append(result.key)
            return [.taskStarted(taskId: result.key), .taskSucceeded(taskId: result.key, output: Self.output(output, resource: resource))]
        case .failed(let error, let cause):
            processed.append(result.key)
            if error == WorkerErrors.timeout, let timer = live.machine.timeoutTimer(forTask: result.key) {
                // The worker gave up at TimeoutSeconds, as the task's own timer would have:
                // either way the task timed out (TaskTimedOut), whichever arrives first.
                return [.taskStarted(taskId: result.key), .timerFired(id: timer)]
            }
            return [.taskStarted(taskId: result.key), .taskFailed(taskId: result.key, error: error, cause: cause)]
        case .heartbeat:
            return [.taskStarted(taskId: result.key), .taskHeartbeat(taskId: result.key)]
        }
    }

    /// The Lambda integration's result shape around a function's output.
    static func output(_ output: JSON, resource: String) -> JSON {
        guard TaskTarget.isLambdaInvoke(resource) else { return output }
        return .object(JSONObject([("ExecutedVersion", .string("$LATEST")), ("Payload", output), ("StatusCode", .int(200))]))
    }

    /// The events a signal becomes; none when the execution no longer waits for it.
    static func events(for signal: ExecutionSignal, machine: ExecutionStateMachine) -> [ExecutionEvent] {
        switch signal.kind {
        case .stop:
            return machine.status == .running ? [.stopRequested(error: signal.error, cause: signal.cause)] : []
        case .childFailedToStart:
            guard let key = signal.taskKey, machine.isWaiting(forTask: key) else { return [] }
            return [.taskFailed(taskId: key, error: signal.error ?? "States.TaskFailed", cause: signal.cause)]
        case .taskSuccess:
            guard let key = signal.taskKey, machine.isWaiting(forTask: key),
                  let output = signal.output.flatMap({ try? JSON(parsing: $0) }) else { return [] }
            return [.taskStarted(taskId: key), .taskSucceeded(taskId: key, output: output)]
        case .taskFailure:
            guard let key = signal.taskKey, machine.isWaiting(forTask: key) else { return [] }
            return [.taskStarted(taskId: key), .taskFailed(taskId: key, error: signal.error ?? "", cause: signal.cause)]
        case .taskHeartbeat:
            guard let key = signal.taskKey, machine.isWaiting(forTask: key) else { return [] }
            return [.taskStarted(taskId: key), .taskHeartbeat(taskId: key)]
        case .child:
            guard let key = signal.taskKey, machine.isWaiting(forTask: key), let child = signal.child,
                  let status = ExecutionStatus(rawValue: child.status == "PENDING" ? "RUNNING" : child.status) else { return [] }
            let output = child.output.flatMap { try? JSON(parsing: $0) }
            return [.childExecutionFinished(taskId: key, ChildExecutionOutcome(
                executionArn: child.executionArn, status: status, output: output, error: child.error, cause: child.cause,
                startMilliseconds: child.startMilliseconds, stopMilliseconds: child.stopMilliseconds ?? child.startMilliseconds))]
        }
    }

    /// The message telling a `.sync` parent that this child ended.
    static func parentNotice(_ live: LiveExecution, at now: Date) -> OutboxMessage? {
        guard let parent = live.record.parentArn, let task = live.journal.parentTask,
              task.mode == "sync" || task.mode == "sync2" else { return nil }
        let r = live.record
        let signal = ExecutionSignal(executionArn: parent, kind: .child, taskKey: task.key, child: .init(
            executionArn: r.arn, status: r.status.rawValue, output: r.output, error: r.error, cause: r.cause,
            startMilliseconds: r.startDate.milliseconds, stopMilliseconds: r.stopDate?.milliseconds))
        return ActionRecorder.outbox(signal.encoded(), routingKey: Shards.queue(of: parent), arn: r.arn, date: now)
    }
}
