import ASL
public import Foundation
import JSONValue
public import Store

/// Starts executions: runs the interpreter up to its first wait and creates the execution with
/// its first history, outbox messages and timers in one store transaction (taking a quota slot).
///
/// Used by the coordinator for start requests (nested executions) and by the API for
/// StartExecution. The execution's shard owner takes over from the first task result on.
public struct ExecutionLauncher: Sendable {
    let store: any ExecutionStore
    let definitions: DefinitionCache
    /// Tells this process's coordinator about a created execution: its shard processor keeps it
    /// (saves a replay) and its relays wake for the first tasks and timers.
    let created: @Sendable (LiveExecution, ExecutionChange) async -> Void
    /// The execution as this process's shard processor holds it, if it owns the shard.
    let cached: @Sendable (String) async -> LiveExecution?
    /// Ends of executions committed in this process.
    let watch: ExecutionWatch
    /// Whether this process's coordinator owns the execution's shard now.
    let ownsShard: @Sendable (String) -> Bool
    /// State machine limits (tags), for starts under ``StateMachineLimits``.
    public let limits: LimitsCache
    /// Tells this process's coordinator that a start was queued in these scopes (it tries them at
    /// once: a slot may have freed while the start was being queued).
    let queued: @Sendable ([String]) -> Void

    /// - Parameter store: Where executions are created.
    public init(store: any ExecutionStore) {
        self.init(store: store, definitions: DefinitionCache(store: store), created: { _, _ in }, cached: { _ in nil },
                  watch: ExecutionWatch(), ownsShard: { _ in false }, limits: LimitsCache(store: store), queued: { _ in })
    }

    init(store: any ExecutionStore, definitions: DefinitionCache,
         created: @escaping @Sendable (LiveExecution, ExecutionChange) async -> Void,
         cached: @escaping @Sendable (String) async -> LiveExecution?, watch: ExecutionWatch,
         ownsShard: @escaping @Sendable (String) -> Bool, limits: LimitsCache, queued: @escaping @Sendable ([String]) -> Void) {
        self.limits = limits
        self.queued = queued
        self.store = store
        self.definitions = definitions
        self.created = created
        self.cached = cached
        self.watch = watch
        self.ownsShard = ownsShard
    }

    /// Whether this process's coordinator owns the shard of execution `arn` now.
    public func owns(_ arn: String) -> Bool { ownsShard(arn) }

    /// Starts watching for the end of execution `arn`, as committed by this process's coordinator
    /// (StopExecution waits with it).
    public func watchEnd(of arn: String) -> ExecutionWatch.Waiter { watch.register(arn) }

    /// Whether the execution `record` (as stored now) still waits on task `key`: from the owning
    /// processor's cache when it holds the stored version, else by replaying the journal.
    public func waits(_ record: ExecutionRecord, onTask key: String) async throws -> Bool {
        guard record.status == .running else { return false }
        var live = await cached(record.arn)
        if live?.version != record.version {
            let definition = try await definitions.definition(
                stateMachineArn: record.stateMachineArn, revisionId: record.stateMachineRevisionId)
            live = try ExecutionDriver.replay(record: record, definition: definition)
        }
        return live?.machine.isWaiting(forTask: key) == true
    }

    /// Why a start was refused before reaching the store.
    public enum LaunchError: Error, Sendable, Equatable {
        /// The input is not JSON.
        case invalidInput(String)
        /// The state machine is being deleted.
        case stateMachineDeleting(String)
        /// The stored definition no longer parses.
        case invalidDefinition(String)
    }

    /// Creates and starts an execution.
    /// - Parameters:
    ///   - stateMachine: The state machine (its current revision runs).
    ///   - name: The execution name.
    ///   - input: The input JSON text as given.
    ///   - parent: The execution that started this one, if any.
    ///   - quota: The account's limit for this start.
    ///   - now: The start date.
    /// - Returns: The created record (its status may already be terminal).
    /// - Throws: ``LaunchError``, or `StoreError` (`alreadyExists`, `limitExceeded`, ...).
    public func start(stateMachine: StateMachineRecord, name: String, input: String,
                      parent: ExecutionParent? = nil, quota: ExecutionQuota = .unlimited,
                      now: Date = Date(), traceparent: String? = nil) async throws -> ExecutionRecord {
        guard stateMachine.status == .active else { throw LaunchError.stateMachineDeleting(stateMachine.arn) }
        let json: JSON
        do { json = try JSON(parsing: input) } catch { throw LaunchError.invalidInput(String(describing: error)) }
        let definition: LoadedDefinition
        do {
            definition = try await definitions.definition(stateMachineArn: stateMachine.arn, revisionId: stateMachine.revisionId,
                                                         kind: stateMachine.kind)
        } catch let error as DefinitionError {
            throw LaunchError.invalidDefinition(String(describing: error))
        }
        let arn = ARNs.executionArn(stateMachineArn: stateMachine.arn, name: name)
        let record = ExecutionRecord(
            arn: arn, account: stateMachine.account, stateMachineArn: stateMachine.arn,
            stateMachineRevisionId: stateMachine.revisionId, name: name, input: input,
            startDate: Date(milliseconds: now.milliseconds), parentArn: parent?.arn, rootArn: parent?.root)
        let parentTask = parent.map { Journal.ParentTask(key: $0.taskKey, mode: $0.mode) }
        let trace = ExecutionTrace.start(arn: arn, name: name, traceparent: traceparent)
        var (live, change) = ExecutionDriver.start(record: record, definition: definition, input: json,
                                                   seed: UInt64.random(in: 0...UInt64.max), parentTask: parentTask, trace: trace)
        live.record.snapshot = live.journal.snapshot()
        // One that ends at once never holds a slot; the store still refuses it at the limit.
        if let result = change.result { live.record.finish(result, at: now) }
        let start = ExecutionStart(execution: live.record, events: change.events, outbox: change.outbox, timers: change.addTimers)
        let limits = await self.limits.executionLimits(stateMachineArn: stateMachine.arn, root: parent?.root ?? arn)
        do {
            if limits.isEmpty {
                try await store.createExecution(start, quota: quota)
            } else if try await store.createExecution(start, quota: quota, limits: limits, detail: PendingDetail(parent)?.encoded ?? "") == .queued {
                trace?.finish(status: "PENDING", error: nil)
                queued(limits.scopes.filter(\.queues).map(\.name))
                return record.queued()
            }
        } catch {
            // Not created: its spans end, saying why.
            trace?.finish(status: "NOT_STARTED", error: "\(error)")
            throw error
        }
        await created(live, change)
        return live.record
    }

    /// Starts a queued execution when its limits and the account have room (see
    /// ``ExecutionStore/startPending(_:quota:limits:)``). Its first events are timed now; its
    /// `startDate` (and `$$.Execution.StartTime`) stay when StartExecution accepted it. A child whose
    /// parent has ended meanwhile is stopped instead (``LimitedStart/gone``).
    /// - Returns: What the store did, and the started record.
    func startPending(_ pending: PendingStart, quota: ExecutionQuota, now: Date = Date()) async throws -> (LimitedStart, ExecutionRecord?) {
        let queued = pending.execution
        let detail = PendingDetail(decoding: pending.detail)
        if let parentArn = queued.parentArn, let detail, detail.mode != "requestResponse",
           try await !parentWaits(parentArn, onTask: detail.taskKey) {
            _ = try await abortPending(queued.arn, error: nil, cause: "The parent execution stopped waiting for it.", at: now)
            return (.gone, nil)
        }
        let definition: LoadedDefinition
        do {
            let machine = try await store.getStateMachine(arn: queued.stateMachineArn)
            guard machine.status == .active else { throw StoreError.notFound }
            definition = try await definitions.definition(stateMachineArn: queued.stateMachineArn,
                                                         revisionId: queued.stateMachineRevisionId, kind: machine.kind)
        } catch let error as StoreError where error == .notFound {
            _ = try await abortPending(queued.arn, error: nil, cause: "The state machine was deleted before the execution started.", at: now)
            return (.gone, nil)
        } catch let error as DefinitionError {
            _ = try await abortPending(queued.arn, error: "States.Runtime", cause: "\(error)", at: now)
            return (.gone, nil)
        }
        var record = queued
        record.status = .running
        record.version = queued.version + 1
        let input = (try? JSON(parsing: queued.input)) ?? .object(JSONObject())
        let parentTask = detail.map { Journal.ParentTask(key: $0.taskKey, mode: $0.mode) }
        var (live, change) = ExecutionDriver.start(record: record, definition: definition, input: input,
                                                   seed: UInt64.random(in: 0...UInt64.max), parentTask: parentTask,
                                                   startedAt: now.milliseconds)
        live.record.snapshot = live.journal.snapshot()
        if let result = change.result { live.record.finish(result, at: now) }
        let limits = await self.limits.executionLimits(stateMachineArn: queued.stateMachineArn, root: queued.rootArn)
        let start = ExecutionStart(execution: live.record, events: change.events, outbox: change.outbox, timers: change.addTimers)
        let outcome = try await store.startPending(start, quota: quota, limits: limits)
        guard outcome == .started else { return (outcome, nil) }
        await created(live, change)
        return (outcome, live.record)
    }

    /// A state machine's limit tags changed: forgets its cached limits, counts its running executions
    /// against a new `stepwise:maxOpen`, and tries its queue.
    public func limitsChanged(stateMachineArn arn: String) async throws {
        limits.forget(arn)
        let scope = ExecutionLimits.stateMachineScope(arn)
        if await limits.limits(of: arn).maxOpen != nil {
            try await store.countRunning(stateMachineArn: arn, in: scope)
        }
        queued([scope])
    }

    /// Whether the parent still waits on the Task that started a queued child (it may have ended,
    /// or its Task timed out or was caught); a parent that no longer exists does not.
    private func parentWaits(_ arn: String, onTask key: String) async throws -> Bool {
        do {
            return try await waits(store.getExecution(arn: arn), onTask: key)
        } catch let error as StoreError where error == .notFound {
            return false
        }
    }

    /// Stops a queued execution before it starts: `ABORTED`, with `ExecutionAborted` as its only
    /// event. `false` when it is no longer queued.
    public func abortPending(_ arn: String, error: String?, cause: String?, at now: Date = Date()) async throws -> Bool {
        var details = JSONObject()
        if let error { details["error"] = .string(error) }
        if let cause { details["cause"] = .string(cause) }
        let event = HistoryEvent(id: 1, previousEventId: 0, timestamp: Date(milliseconds: now.milliseconds), type: "ExecutionAborted",
                                 details: JSON.object(JSONObject([("executionAbortedEventDetails", .object(details))])).serialized())
        let stopped = try await store.abortPending(arn: arn, event: event, error: error, cause: cause,
                                                   stopDate: Date(milliseconds: now.milliseconds))
        if stopped { watch.ended(arn) }
        return stopped
    }

    /// What a queued child keeps of its parent's waiting task until it starts.
    struct PendingDetail {
        var taskKey: String
        var mode: String

        init?(_ parent: ExecutionParent?) {
            guard let parent else { return nil }
            taskKey = parent.taskKey
            mode = parent.mode
        }

        init?(decoding text: String) {
            guard let json = try? JSON(parsing: text), let key = json["taskKey"]?.stringValue,
                  let mode = json["mode"]?.stringValue else { return nil }
            taskKey = key
            self.mode = mode
        }

        var encoded: String {
            JSON.object(JSONObject([("taskKey", .string(taskKey)), ("mode", .string(mode))])).serialized()
        }
    }

    /// The execution that started another, and the task of it that waits.
    public struct ExecutionParent: Sendable, Equatable {
        public var arn: String
        /// The root of the parent's tree.
        public var root: String
        public var taskKey: String
        /// `requestResponse`, `sync`, `sync2` or `waitForTaskToken`.
        public var mode: String

        public init(arn: String, root: String, taskKey: String, mode: String) {
            self.arn = arn
            self.root = root
            self.taskKey = taskKey
            self.mode = mode
        }
    }
}
