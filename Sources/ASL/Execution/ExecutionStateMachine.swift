import JSONValue
/// The interpreter for one execution: a value that advances on events and returns actions.
///
/// It does no I/O and reads no clock: the driver passes the current time (epoch milliseconds)
/// with every call and performs the returned actions in order (dispatch tasks, start/cancel
/// timers, record history, finish).
///
/// - Persistence: the value is rebuilt by replaying `start(at:)` and the same events with the same
///   times; it is deterministic (jitter, `States.UUID` ... draw from the seed given to `init`).
///   Persist the seed, the start time and each handled event with its time, in order.
/// - Ids: a task id is `<executionArn>#<StateEntered event id>#<attempt>` (the idempotency key;
///   also the task token for `.waitForTaskToken`). Timer ids name their purpose: `wait#<entered>`,
///   `retry#<entered>#<n>`, `timeout#<task id>`, `heartbeat#<task id>`, `execution-timeout`.
/// - Concurrency: Parallel branches and Map iterations are frames inside the value; a Map keeps at
///   most `MaxConcurrency` iterations in flight. Runnable frames run in FIFO order until each waits.
/// - History: `previousEventId` follows AWS: each frame chains its own events; a finished
///   iteration or branch hands its chain back to the parent state.
public struct ExecutionStateMachine: Sendable {
    /// The definition being run.
    public let definition: StateMachineDefinition
    /// The execution's identity and input.
    public let info: ExecutionInfo
    /// RUNNING until a `.finish` action has been returned.
    public private(set) var status: ExecutionStatus = .running

    var frames = FrameTable()
    var nextFrameId = 0
    var nextEventId = 1
    /// Ids for events of silent frames (distributed Map items): unique, far above recorded ones.
    var nextSilentEventId: Int = 1 << 40
    var tasks: [String: Int] = [:]
    var timers: [String: Int] = [:]
    var runnable: [Int] = []
    var runnableHead = 0
    var actions: [ExecutionAction] = []
    var now: Int64 = 0
    var random: ExecutionRandom
    /// Whether to emit `.recordHistory` actions (benchmarks may turn it off).
    public var recordsHistory = true
    let executionContext: JSON
    let stateMachineContext: JSON

    static let executionTimeoutTimer = "execution-timeout"

    /// - Parameters:
    ///   - definition: a validated definition.
    ///   - info: the execution's identity, input and start time.
    ///   - randomSeed: seeds jitter and `States.UUID`/`States.MathRandom`.
    public init(definition: StateMachineDefinition, info: ExecutionInfo, randomSeed: UInt64 = 0) {
        self.definition = definition
        self.info = info
        self.random = ExecutionRandom(state: randomSeed)
        executionContext = .object(JSONObject([
            ("Id", .string(info.executionArn)), ("Input", info.input), ("StartTime", .string(RFC3339Timestamp.format(milliseconds: info.startTimeMilliseconds))),
            ("Name", .string(info.name)), ("RoleArn", .string(info.roleArn)), ("RedriveCount", .int(info.redriveCount)),
        ]))
        stateMachineContext = .object(JSONObject([("Id", .string(info.stateMachineArn)), ("Name", .string(info.stateMachineName))]))
    }

    /// Starts the execution: records ExecutionStarted and runs until the first task, timer or end.
    /// - Parameter now: epoch milliseconds.
    public mutating func start(at now: Int64) -> [ExecutionAction] {
        self.now = now
        emitDetached(0, "ExecutionStarted", .executionStarted(inputText: info.inputText ?? info.input.serialized(), roleArn: info.roleArn))
        if let timeout = definition.timeoutSeconds {
            actions.append(.startTimer(id: Self.executionTimeoutTimer, dueMilliseconds: info.startTimeMilliseconds + Int64(timeout) * 1000))
        }
        let id = newFrame(graph: definition.graph, parent: nil, slot: 0, variables: JSONObject(), input: info.input, source: 0)
        frames[id]?.inputText = info.inputText
        schedule(id)
        drain()
        return takeActions()
    }

    /// Advances the execution on one event.
    /// - Parameters:
    ///   - event: what happened.
    ///   - now: epoch milliseconds.
    /// - Returns: the actions to perform, in order. Unknown task or timer ids are ignored.
    public mutating func handle(_ event: ExecutionEvent, at now: Int64) -> [ExecutionAction] {
        guard status == .running else { return [] }
        self.now = now
        switch event {
        case .taskStarted(let id): taskStarted(id)
        case .taskHeartbeat(let id): taskHeartbeat(id)
        case .taskSucceeded(let id, let output): taskSucceeded(id, output: output)
        case .taskFailed(let id, let error, let cause): taskFailed(id, StatesError(error, cause: cause))
        case .childExecutionFinished(let id, let outcome): childFinished(id, outcome)
        case .timerFired(let id): timerFired(id)
        case .stopRequested(let error, let cause):
            endExecution(.aborted, output: nil, error: error, cause: cause)
        }
        drain()
        return takeActions()
    }

    /// Ids of the tasks and child executions in flight (the driver may check its bookkeeping against them).
    public var activeTaskIds: [String] { tasks.keys.sorted() }
    /// Ids of the timers the interpreter is waiting for (Wait, retry back-off, task timeouts).
    public var activeTimerIds: [String] {
        var ids = timers.keys.sorted()
        if status == .running, definition.timeoutSeconds != nil { ids.append(Self.executionTimeoutTimer) }
        return ids
    }

    /// Whether the execution still waits for task (or child execution) `id`: a result for any
    /// other id would be ignored, so a driver can tell a late or duplicate result without applying it.
    public func isWaiting(forTask id: String) -> Bool { status == .running && tasks[id] != nil }
    /// The timer that ends task `id` by its `TimeoutSeconds`, while the task runs and has one.
    public func timeoutTimer(forTask id: String) -> String? {
        guard status == .running else { return nil }
        return taskWaiter(id)?.2.timeoutTimer
    }
    /// Whether timer `id` is still wanted (a fired timer that is not would be ignored).
    public func isWaiting(forTimer id: String) -> Bool {
        guard status == .running else { return false }
        return timers[id] != nil || (id == Self.executionTimeoutTimer && definition.timeoutSeconds != nil)
    }

    mutating func takeActions() -> [ExecutionAction] {
        defer { actions.removeAll(keepingCapacity: true) }
        return actions
    }

    // MARK: frames

    mutating func newFrame(graph: StateGraph, parent: Int?, slot: Int, variables: JSONObject, input: JSON, source: Int) -> Int {
        let id = nextFrameId
        nextFrameId += 1
        frames[id] = Frame(graph: graph, parent: parent, slot: slot, variables: variables,
                           source: source, lastPublished: source, stateName: graph.startAt, input: input)
        if let parent, frames[parent]?.silent == true { frames[id]?.silent = true }
        return id
    }

    mutating func schedule(_ id: Int) { runnable.append(id) }

    /// Runs every runnable frame until each waits or ends.
    mutating func drain() {
        while runnableHead < runnable.count {
            let id = runnable[runnableHead]
            runnableHead += 1
            if status == .running, frames[id] != nil { run(id) }
        }
        runnable.removeAll(keepingCapacity: true)
        runnableHead = 0
    }

    // MARK: history

    /// Records an event in frame `id`'s chain; returns its id.
    @discardableResult
    mutating func emit(_ frame: Int, _ type: String, _ details: HistoryEventDetails = .none, updateSource: Bool = true) -> Int {
        if frames[frame]?.silent == true {
            defer { nextSilentEventId += 1 }
            return nextSilentEventId
        }
        let eventId = nextEventId
        nextEventId += 1
        let previous = frames[frame]?.source ?? 0
        frames[frame]?.lastPublished = eventId
        if updateSource { frames[frame]?.source = eventId }
        if recordsHistory {
            actions.append(.recordHistory(HistoryEvent(id: eventId, previousEventId: previous, timestampMilliseconds: now,
                                                       type: type, details: details)))
        }
        return eventId
    }

    /// Records an event following `previous` outside any frame; returns its id.
    @discardableResult
    mutating func emitDetached(_ previous: Int, _ type: String, _ details: HistoryEventDetails) -> Int {
        let eventId = nextEventId
        nextEventId += 1
        if recordsHistory {
            actions.append(.recordHistory(HistoryEvent(id: eventId, previousEventId: previous, timestampMilliseconds: now,
                                                       type: type, details: details)))
        }
        return eventId
    }

    // MARK: the end

    /// - Parameter outputText: the client's text for `output`, when it passed through unchanged.
    mutating func endExecution(_ status: ExecutionStatus, output: JSON?, outputText: String? = nil, error: String?, cause: String?,
                               previous: Int? = nil) {
        guard self.status == .running else { return }
        let error = error?.isEmpty == true ? nil : error
        let last = previous ?? (nextEventId - 1)
        switch status {
        case .succeeded:
            emitDetached(last, "ExecutionSucceeded", .executionSucceeded(output: output ?? .null, outputText: outputText))
        case .failed:
            emitDetached(last, "ExecutionFailed", .executionEnded(key: "executionFailedEventDetails", error: error, cause: cause))
        case .aborted:
            emitDetached(last, "ExecutionAborted", .executionEnded(key: "executionAbortedEventDetails", error: error, cause: cause))
        case .timedOut:
            emitDetached(last, "ExecutionTimedOut", .executionEnded(key: "executionTimedOutEventDetails", error: error, cause: cause))
        case .running:
            return
        }
        self.status = status
        for id in tasks.keys.sorted() { actions.append(.cancelTask(id: id)) }
        for id in timers.keys.sorted() { actions.append(.cancelTimer(id: id)) }
        if definition.timeoutSeconds != nil { actions.append(.cancelTimer(id: Self.executionTimeoutTimer)) }
        tasks.removeAll()
        timers.removeAll()
        frames.removeAll()
        actions.append(.finish(ExecutionResult(status: status, output: output, error: error, cause: cause)))
    }
}
