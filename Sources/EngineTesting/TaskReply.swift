public import ASL
public import JSONValue

/// How a test task handler answers a task invocation.
public enum TaskReply: Sendable, Hashable {
    /// The task succeeded with this output.
    case success(JSON)
    /// The task failed.
    case failure(error: String, cause: String?)
    /// No answer: the task stays in flight (until a timeout fires, or forever).
    case noReply
}

/// The result of running one execution to the end with `SynchronousDriver`.
public struct ExecutionRun: Sendable {
    /// The execution's identity.
    public var info: ExecutionInfo
    /// How it ended (`status` is RUNNING if it got stuck: no events and no timers left).
    public var result: ExecutionResult
    /// Every history event, oldest first (empty when history recording is off).
    public var history: [HistoryEvent]
    /// Every task invocation dispatched, in order.
    public var invocations: [TaskInvocation]
}
