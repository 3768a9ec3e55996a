public import JSONValue
/// Something that happened outside the interpreter, fed to `ExecutionStateMachine.handle(_:at:)`.
public enum ExecutionEvent: Sendable, Hashable {
    /// A worker took the task (TaskStarted).
    case taskStarted(taskId: String)
    /// A worker reported it is alive (resets the heartbeat timer).
    case taskHeartbeat(taskId: String)
    /// The task (or callback token) completed with `output`.
    case taskSucceeded(taskId: String, output: JSON)
    /// The task failed with an error name and cause.
    case taskFailed(taskId: String, error: String, cause: String?)
    /// A child execution started by a `states:startExecution` task finished.
    case childExecutionFinished(taskId: String, ChildExecutionOutcome)
    /// A timer started by a `.startTimer` action is due.
    case timerFired(id: String)
    /// StopExecution: abort with an optional error and cause.
    case stopRequested(error: String?, cause: String?)
}

/// How a child execution ended, as DescribeExecution reports it.
public struct ChildExecutionOutcome: Sendable, Hashable {
    public var executionArn: String
    public var status: ExecutionStatus
    public var output: JSON?
    public var error: String?
    public var cause: String?
    public var startMilliseconds: Int64
    public var stopMilliseconds: Int64

    public init(executionArn: String, status: ExecutionStatus, output: JSON? = nil, error: String? = nil,
                cause: String? = nil, startMilliseconds: Int64, stopMilliseconds: Int64) {
        self.executionArn = executionArn
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.startMilliseconds = startMilliseconds
        self.stopMilliseconds = stopMilliseconds
    }
}

/// The status of an execution.
public enum ExecutionStatus: String, Sendable, Hashable {
    case running = "RUNNING", succeeded = "SUCCEEDED", failed = "FAILED"
    case timedOut = "TIMED_OUT", aborted = "ABORTED"
}
