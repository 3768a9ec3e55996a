import JSONValue
/// One thread of execution: the top-level states, a Parallel branch or a Map iteration.
struct Frame: Sendable {
    var graph: StateGraph
    /// The Parallel/Map state's frame, nil at top level.
    var parent: Int?
    /// Branch index or item index within the parent.
    var slot: Int
    /// Workflow variables visible in this scope.
    var variables: JSONObject
    /// History chaining: the event new events follow from, and the last one published.
    var source: Int
    var lastPublished: Int

    /// The current state and its raw input.
    var stateName: String
    var input: JSON
    /// The input exactly as the client sent it, while the value has passed through unchanged
    /// (AWS shows that text in StateEntered events).
    var inputText: String?
    /// A Parallel state's result as text, when every branch ended with the client's text unchanged.
    var resultText: String?
    var enteredEventId = 0
    /// The event the current state's StateEntered followed (EvaluationFailed follows it too).
    var enteredPrevious = 0
    var enteredMilliseconds: Int64 = 0
    /// Retries so far in this state entry (`$$.State.RetryCount`) and per retrier.
    var retryCount = 0
    var retrierAttempts: [Int] = []
    /// What the current state waits for, nil while it can run.
    var waiting: Waiting?
    /// Inside a distributed Map's items: events get ids but are not recorded (on AWS they are
    /// the child executions' history, not this one's).
    var silent = false

    /// Whether the current state can run (it waits for nothing).
    var isRunnable: Bool { if case .none = waiting { true } else { false } }
}

/// What a suspended state waits for.
indirect enum Waiting: Sendable {
    case task(TaskRun)
    case timer(id: String)
    case retryBackoff(timerId: String)
    case children(ChildrenRun)
}

/// An in-flight task attempt.
struct TaskRun: Sendable {
    var taskId: String
    var attempt: Int
    var timeoutTimer: String?
    var heartbeatTimer: String?
    var heartbeatSeconds: Int?
    var child: ChildExecutionRequest.Mode?
    var started = false
    /// For child executions: what was started, for the task output.
    var childInput: JSON?
    var childStateMachineArn: String?
}

/// Branches or iterations in flight for a Parallel or Map state.
struct ChildrenRun: Sendable {
    var isMap: Bool
    /// Map items still to start (after ItemSelector is applied at start time).
    var items: [JSON]
    var nextIndex = 0
    var running: [Int: Int] = [:]
    var results: [JSON?]
    /// Parallel only: each branch's output as the client's text, when it passed through unchanged.
    var resultTexts: [String?] = []
    var maxConcurrency: Int
    var failures = 0
    var toleratedCount: Int?
    var toleratedPercentage: Double?
    /// A distributed Map: a map run, without iteration events.
    var distributed = false
    /// The effective input (after InputPath) the state works on.
    var effectiveInput: JSON
}
