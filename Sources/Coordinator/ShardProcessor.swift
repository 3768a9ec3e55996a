import AMQP
import ASL
import Foundation
import Logging
import Messages
import Store
import Worker

/// Advances the executions of one shard while its coordinator holds the shard's lease.
///
/// It drains its inbox in batches: each input becomes interpreter events on the execution it
/// names (cached in memory, or rebuilt from the store by replay); all events of a batch on one
/// execution become one commit, fenced by the lease; only after the commit are the deliveries
/// acked, so a crash redelivers them and the interpreter, which no longer waits for those tasks
/// or timers, ignores them. A conflict (another owner, a lost lease) drops the cached state and
/// requeues the deliveries.
actor ShardProcessor {
    let shard: Int
    let fence: LeaseFence
    let context: CoordinatorContext
    private var cache: [String: LiveExecution] = [:]
    private let logger: Logger

    init(shard: Int, fence: LeaseFence, context: CoordinatorContext) {
        self.shard = shard
        self.fence = fence
        self.context = context
        var logger = context.logger
        logger[metadataKey: "shard"] = "\(shard)"
        self.logger = logger
    }

    /// Processes inputs until the inbox closes.
    func run(_ inbox: ShardInbox) async {
        while let batch = await inbox.take(max: 512) {
            await process(batch)
        }
    }

    private struct Work {
        var live: LiveExecution
        var change = ExecutionChange()
        /// The deliveries and bundle parts to settle once the commit is done.
        var deliveries: [ShardInput] = []
        var timers: [String] = []
    }

    private func settle(_ inputs: [ShardInput], requeue: Bool) {
        for input in inputs { input.settle(context, requeue: requeue) }
    }

    func process(_ batch: [ShardInput]) async {
        var work: [String: Work] = [:]
        var order: [String] = []
        let now = Date()
        let ms = now.milliseconds
        for input in batch {
            guard let (arn, event) = decode(input) else { continue }
            if work[arn] == nil {
                switch await load(arn) {
                case .live(let live):
                    work[arn] = Work(live: live)
                    order.append(arn)
                case .gone:
                    finishUnapplied(input)
                    continue
                case .unavailable:
                    await retryLater(input)
                    continue
                }
            }
            apply(event, input: input, at: ms, to: &work[arn]!)
        }
        // The work moves out of the dictionary and on (no copies of each execution's state).
        var prepared: [Prepared] = []
        var commits: [ExecutionCommit] = []
        for arn in order {
            guard let item = work.removeValue(forKey: arn), let (ready, commit) = prepare(item, at: now) else { continue }
            prepared.append(ready)
            commits.append(commit)
        }
        guard !commits.isEmpty else { return }
        var outcomes = await context.store.commit(each: commits)
        var requeue: [ShardInput] = []
        var pause = false
        prepared.reverse()
        outcomes.reverse()
        while let item = prepared.popLast(), let outcome = outcomes.popLast() {
            finish(item, outcome, requeue: &requeue, pause: &pause)
        }
        // A store that failed outright gets a moment before the messages come back.
        if pause { try? await Task.sleep(for: .milliseconds(200)) }
        settle(requeue, requeue: true)
    }

    // MARK: inputs

    private enum Input {
        case result(TaskResultMessage)
        case signal(ExecutionSignal)
        case timer(TimerRecord)
    }

    /// The execution an input is for and what it says; malformed deliveries are dead-lettered.
    private func decode(_ input: ShardInput) -> (String, Input)? {
        switch input {
        case .timer(let timer):
            return (timer.executionArn, .timer(timer))
        case .part(_, let result):
            return (result.executionArn, .result(result))
        case .delivery(let delivery):
            let message = WireMessage(delivery)
            switch message.headers[WireNames.schemaHeader] {
            case TaskResultMessage.schema:
                if let result = try? TaskResultMessage(decoding: message) { return (result.executionArn, .result(result)) }
            case ExecutionSignal.schema:
                if let signal = try? ExecutionSignal(decoding: message) { return (signal.executionArn, .signal(signal)) }
            default: break
            }
            logger.warning("dead-lettering a malformed shard message", metadata: [
                "schema": "\(message.headers[WireNames.schemaHeader] ?? "none")", "bytes": "\(delivery.body.count)"])
            context.consumer.reject(delivery, requeue: false)
            return nil
        }
    }

    /// Acks (or forgets) an input whose execution is gone or already stopped.
    private func finishUnapplied(_ input: ShardInput) {
        input.settle(context, requeue: false)
        context.metrics.ignored()
    }

    private func apply(_ input: Input, input raw: ShardInput, at ms: Int64, to work: inout Work) {
        if case .timer = raw {} else { work.deliveries.append(raw) }
        var events: [ExecutionEvent] = []
        switch input {
        case .result(let result):
            guard work.live.machine.isWaiting(forTask: result.key) else {
                logger.debug("ignoring a late or duplicate task result", metadata: ["key": "\(result.key)"])
                context.metrics.ignored()
                break
            }
            let resource = work.live.taskResources[result.key] ?? ""
            switch result.outcome {
            case .succeeded(let output):
                events = [.taskStarted(taskId: result.key)]
                // A callback task ends with SendTaskSuccess, not with the worker's return value.
                if !resource.hasSuffix(".waitForTaskToken") {
                    events.append(.taskSucceeded(taskId: result.key, output: Self.output(output, resource: resource)))
                    work.change.processedResultKeys.append(result.key)
                }
            case .failed(let error, let cause):
                if error == TaskErrorNames.timeout, let timer = work.live.machine.timeoutTimer(forTask: result.key) {
                    // The worker gave up at TimeoutSeconds, as the task's own timer would have:
                    // either way the task timed out (TaskTimedOut), whichever arrives first.
                    events = [.taskStarted(taskId: result.key), .timerFired(id: timer)]
                } else {
                    events = [.taskStarted(taskId: result.key), .taskFailed(taskId: result.key, error: error, cause: cause)]
                }
                work.change.processedResultKeys.append(result.key)
            case .heartbeat:
                events = [.taskStarted(taskId: result.key), .taskHeartbeat(taskId: result.key)]
            }
        case .signal(let signal):
            events = Self.events(for: signal, machine: work.live.machine)
            if events.isEmpty { context.metrics.ignored() }
            if let key = signal.taskKey, signal.kind == .taskSuccess || signal.kind == .taskFailure, !events.isEmpty {
                work.change.processedResultKeys.append(key)
            }
        case .timer(let timer):
            work.timers.append(timer.id)
            work.change.deleteTimerIds.append(timer.id)
            if work.live.machine.isWaiting(forTimer: timer.payload) { events = [.timerFired(id: timer.payload)] }
        }
        for event in events where work.live.machine.status == .running {
            ExecutionDriver.apply(event, at: ms, to: &work.live, change: &work.change)
        }
    }

    /// The Lambda integration's result shape around a function's output.
    static func output(_ output: JSON, resource: String) -> JSON {
        guard TaskTarget.isLambdaInvoke(resource) else { return output }
        return .object(JSONObject([("ExecutedVersion", .string("$LATEST")), ("Payload", output), ("StatusCode", .int(200))]))
    }

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
                  let status = ExecutionStatus(rawValue: child.status) else { return [] }
            let output = child.output.flatMap { try? JSON(parsing: $0) }
            return [.childExecutionFinished(taskId: key, ChildExecutionOutcome(
                executionArn: child.executionArn, status: status, output: output, error: child.error, cause: child.cause,
                startMilliseconds: child.startMilliseconds, stopMilliseconds: child.stopMilliseconds ?? child.startMilliseconds))]
        }
    }

    // MARK: state

    private enum Loaded {
        case live(LiveExecution)
        /// The execution does not exist or has stopped: its messages are acked and ignored.
        case gone
        /// The store could not answer: its messages go back to the queue.
        case unavailable
    }

    /// The cached execution, or the stored one rebuilt by replay.
    private func load(_ arn: String) async -> Loaded {
        if let hit = cache[arn] { return .live(hit) }
        do {
            let record = try await context.store.getExecution(arn: arn)
            guard record.status == .running else { return .gone }
            let definition = try await context.definitions.definition(
                stateMachineArn: record.stateMachineArn, revisionId: record.stateMachineRevisionId)
            let live = try ExecutionDriver.replay(record: record, definition: definition)
            context.metrics.replayed()
            return .live(live)
        } catch let error as StoreError where error == StoreError.notFound {
            return .gone
        } catch {
            logger.error("cannot load an execution; its messages wait", metadata: ["execution": "\(arn)", "error": "\(error)"])
            return .unavailable
        }
    }

    /// Hands an input back: a delivery is requeued after a pause, a timer is polled again.
    private func retryLater(_ input: ShardInput) async {
        try? await Task.sleep(for: .milliseconds(200))
        input.settle(context, requeue: true)
    }

    /// One execution's work once its commit is built, with what it needs after the commit.
    private struct Prepared {
        /// Its `live` is the state the commit stores (all but the new version).
        var work: Work
        var events: Int
        var wakesRelay: Bool
        var wakesTimers: Bool
    }

    /// The commit of `work`, or nil (its deliveries settled) when it changes nothing.
    private func prepare(_ work: consuming Work, at now: Date) -> (Prepared, ExecutionCommit)? {
        guard !work.change.isEmpty else {
            settle(work.deliveries, requeue: false)
            return nil
        }
        let expectedVersion = work.live.version
        work.live.record.snapshot = work.live.journal.snapshot()
        if let result = work.change.result { ExecutionLauncher.finish(&work.live.record, result, at: now) }
        var outbox = work.change.outbox
        if work.live.record.status.isTerminal, let notice = parentNotice(work.live, at: now) { outbox.append(notice) }
        let record = work.live.record
        let change = work.change
        let commit = ExecutionCommit(
            executionArn: record.arn, expectedVersion: expectedVersion, fence: fence, date: now,
            status: record.status, output: record.output, error: record.error, cause: record.cause,
            stopDate: record.stopDate, snapshot: record.snapshot, events: change.events,
            addTimers: change.addTimers, deleteTimerIds: change.deleteTimerIds, outbox: outbox,
            processedResultKeys: change.processedResultKeys)
        let ready = Prepared(work: work, events: change.events.count, wakesRelay: !outbox.isEmpty,
                             wakesTimers: !change.addTimers.isEmpty)
        return (ready, commit)
    }

    /// Acts on a commit's outcome: caches the new state and acks, or drops the cached state and
    /// collects the deliveries to requeue (`pause` when the store itself failed).
    private func finish(_ item: consuming Prepared, _ outcome: Result<Int64, StoreError>, requeue: inout [ShardInput],
                        pause: inout Bool) {
        var work = item.work
        context.timers.done(work.timers)
        switch outcome {
        case .success(let version):
            work.live.record.version = version
            let finished = work.live.record.status.isTerminal
            settle(work.deliveries, requeue: false)
            stash(work.live)
            context.metrics.committed(events: item.events, finished: finished)
            if item.wakesRelay { context.relay.wake() }
            if item.wakesTimers { context.timers.wake() }
        case .failure(let error):
            evict(work.live.arn)
            if error == StoreError.invalidTransition {
                settle(work.deliveries, requeue: false)
                return
            }
            logger.notice("commit refused; requeueing its messages", metadata: ["execution": "\(work.live.arn)", "error": "\(error)"])
            if error == StoreError.fencingConflict { context.leases.lost(shard: shard) }
            if error == StoreError.backend { pause = true }
            requeue += work.deliveries
        }
    }

    /// The message telling a `.sync` parent that this child ended.
    private func parentNotice(_ live: LiveExecution, at now: Date) -> OutboxMessage? {
        guard let parent = live.record.parentArn, let task = live.journal.parentTask,
              task.mode == "sync" || task.mode == "sync2" else { return nil }
        let r = live.record
        let signal = ExecutionSignal(executionArn: parent, kind: .child, taskKey: task.key, child: .init(
            executionArn: r.arn, status: r.status.rawValue, output: r.output, error: r.error, cause: r.cause,
            startMilliseconds: r.startDate.milliseconds, stopMilliseconds: r.stopDate?.milliseconds))
        return ActionPerformer.outbox(signal.encoded(), routingKey: Shards.queue(of: parent), arn: r.arn, date: now)
    }

    /// Caches an execution created in this process, unless a newer state is already cached.
    func adopt(_ live: LiveExecution) {
        if cache[live.arn] == nil { cache[live.arn] = live }
    }

    /// The execution as held in memory (its ``LiveExecution/version`` says which commit it reflects).
    func cached(_ arn: String) -> LiveExecution? { cache[arn] }

    private func stash(_ live: consuming LiveExecution) {
        if live.record.status.isTerminal { cache[live.arn] = nil } else { cache[live.arn] = live }
    }

    private func evict(_ arn: String) { cache[arn] = nil }
}
