public import JSONValue
/// The identity of one execution, as the context object (`$$.Execution`, `$$.StateMachine`) shows it.
public struct ExecutionInfo: Sendable, Hashable {
    /// `$$.Execution.Id`, the execution ARN.
    public var executionArn: String
    /// `$$.Execution.Name`.
    public var name: String
    /// `$$.StateMachine.Id`.
    public var stateMachineArn: String
    /// `$$.StateMachine.Name`.
    public var stateMachineName: String
    /// `$$.Execution.RoleArn`.
    public var roleArn: String
    /// The execution input (`{}` when none was given).
    public var input: JSON
    /// The input exactly as the client sent it, shown in ExecutionStarted (default: `input` serialised).
    public var inputText: String?
    /// `$$.Execution.StartTime`, in milliseconds since the epoch.
    public var startTimeMilliseconds: Int64
    /// `$$.Execution.RedriveCount`.
    public var redriveCount: Int

    public init(executionArn: String, name: String, stateMachineArn: String, stateMachineName: String,
                roleArn: String, input: JSON, inputText: String? = nil, startTimeMilliseconds: Int64, redriveCount: Int = 0) {
        self.inputText = inputText
        self.executionArn = executionArn
        self.name = name
        self.stateMachineArn = stateMachineArn
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
        self.input = input
        self.startTimeMilliseconds = startTimeMilliseconds
        self.redriveCount = redriveCount
    }

    /// The region part of the state machine ARN (`us-east-1`), for TaskScheduled events.
    public var region: String {
        ARNFields.field(3, of: stateMachineArn).map { String(stateMachineArn[$0]) } ?? "us-east-1"
    }
}
