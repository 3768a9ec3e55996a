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

    /// - Parameter store: Where executions are created.
    public init(store: any ExecutionStore) {
        self.init(store: store, definitions: DefinitionCache(store: store), created: { _, _ in }, cached: { _ in nil },
                  watch: ExecutionWatch(), ownsShard: { _ in false })
    }

    init(store: any ExecutionStore, definitions: DefinitionCache,
         created: @escaping @Sendable (LiveExecution, ExecutionChange) async -> Void,
         cached: @escaping @Sendable (String) async -> LiveExecution?, watch: ExecutionWatch,
         ownsShard: @escaping @Sendable (String) -> Bool) {
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
                      now: Date = Date()) async throws -> ExecutionRecord {
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
        var (live, change) = ExecutionDriver.start(record: record, definition: definition, input: json,
                                                   seed: UInt64.random(in: 0...UInt64.max), parentTask: parentTask)
        live.record.snapshot = live.journal.snapshot()
        // One that ends at once never holds a slot; the store still refuses it at the limit.
        if let result = change.result { live.record.finish(result, at: now) }
        try await store.createExecution(
            ExecutionStart(execution: live.record, events: change.events, outbox: change.outbox, timers: change.addTimers),
            quota: quota)
        await created(live, change)
        return live.record
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
