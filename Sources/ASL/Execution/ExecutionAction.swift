public import JSONValue
/// Work the driver must perform for the interpreter.
public enum ExecutionAction: Sendable {
    /// Dispatch a task to a worker (or wait for its callback token).
    indirect case invokeTask(TaskInvocation)
    /// Start a child execution (`arn:aws:states:::states:startExecution*`).
    indirect case startChildExecution(ChildExecutionRequest)
    /// Stop a task or child execution that is no longer wanted (its state ended or the execution stopped).
    case cancelTask(id: String)
    /// Fire `timerFired(id:)` at `dueMilliseconds` (epoch milliseconds).
    case startTimer(id: String, dueMilliseconds: Int64)
    /// Drop a timer that is no longer needed.
    case cancelTimer(id: String)
    /// Append an event to the execution history.
    case recordHistory(HistoryEvent)
    /// The execution ended; no further actions follow.
    indirect case finish(ExecutionResult)
}

/// A task to run.
public struct TaskInvocation: Sendable, Hashable {
    /// Idempotency key and the id events refer to: execution ARN, state entry event id, attempt.
    public var id: String
    /// The state's name.
    public var stateName: String
    /// The `Resource` ARN.
    public var resource: String
    /// The effective parameters (input after InputPath and Parameters).
    public var input: JSON
    /// Resolved `TimeoutSeconds`/`TimeoutSecondsPath`, if any.
    public var timeoutSeconds: Int?
    /// Resolved `HeartbeatSeconds`/`HeartbeatSecondsPath`, if any.
    public var heartbeatSeconds: Int?
    /// The callback token (`$$.Task.Token`) for `.waitForTaskToken` resources.
    public var taskToken: String?
    /// `Credentials` as written in the definition.
    public var credentials: JSON?
}

/// A child execution to start for a `states:startExecution` task.
public struct ChildExecutionRequest: Sendable, Hashable {
    /// How the parent waits for the child. For `requestResponse` report `childExecutionFinished`
    /// as soon as the child has started (its status may be RUNNING); for `sync`/`sync2` when it
    /// ends; for `waitForTaskToken` answer with task events for the token instead.
    public enum Mode: String, Sendable, Hashable {
        case requestResponse, sync, sync2, waitForTaskToken
    }

    /// The task id; the driver answers with `childExecutionFinished(taskId:)` (or task events).
    public var taskId: String
    public var stateMachineArn: String
    /// The child's input (`{}` when none).
    public var input: JSON
    /// The child's execution name, if given.
    public var name: String?
    public var mode: Mode
}

/// How an execution ended.
public struct ExecutionResult: Sendable, Hashable {
    public var status: ExecutionStatus
    public var output: JSON?
    public var error: String?
    public var cause: String?

    public init(status: ExecutionStatus, output: JSON? = nil, error: String? = nil, cause: String? = nil) {
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
    }
}
