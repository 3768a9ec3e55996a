public import JSONValue
/// `"Type": "Task"`: runs a resource (an activity/worker task, or `states:startExecution`).
public struct TaskState: Sendable {
    public var name: String
    public var transition: Transition
    public var io: StateIO
    /// `Resource` ARN.
    public var resource: String
    public var retriers: [Retrier]
    public var catchers: [Catcher]
    /// `TimeoutSeconds` (default 99999999) or `TimeoutSecondsPath`.
    public var timeoutSeconds: Int?
    public var timeoutSecondsPath: String?
    /// `HeartbeatSeconds` or `HeartbeatSecondsPath`.
    public var heartbeatSeconds: Int?
    public var heartbeatSecondsPath: String?
    /// `Credentials`, passed to the task as written.
    public var credentials: JSON?
}
