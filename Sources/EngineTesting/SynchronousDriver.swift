public import ASL
public import JSONValue

/// Runs executions to completion in one call, in virtual time: tasks are answered by a handler,
/// `states:startExecution` children run recursively, timers fire as soon as nothing else is pending.
/// Used by tests and by benchmarks (no I/O, no real clock).
public struct SynchronousDriver: Sendable {
    /// Answers worker task invocations.
    public typealias TaskHandler = @Sendable (TaskInvocation) -> TaskReply

    /// The virtual clock.
    public var clock: ManualClock
    /// The account and region ARNs are built with.
    public var account: String
    public var region: String
    /// `$$.Execution.RoleArn`.
    public var roleArn: String
    /// State machines child executions may start, by ARN.
    public var stateMachines: [String: StateMachineDefinition]
    /// Answers tasks (default: echo the input).
    public var taskHandler: TaskHandler
    /// Whether to collect history events (turn off for raw speed).
    public var recordsHistory: Bool
    /// Seeds each execution's random source.
    public var seed: UInt64
    private var executionCounter = 0

    public init(clock: ManualClock = ManualClock(), account: String = "123456789012", region: String = "us-east-1",
                roleArn: String = "arn:aws:iam::123456789012:role/stepwise-test",
                stateMachines: [String: StateMachineDefinition] = [:], recordsHistory: Bool = true, seed: UInt64 = 42,
                taskHandler: @escaping TaskHandler = { .success($0.input) }) {
        self.clock = clock
        self.account = account
        self.region = region
        self.roleArn = roleArn
        self.stateMachines = stateMachines
        self.recordsHistory = recordsHistory
        self.seed = seed
        self.taskHandler = taskHandler
    }

    /// The ARN of a state machine called `name` in this driver's account.
    public func stateMachineArn(_ name: String) -> String {
        "arn:aws:states:\(region):\(account):stateMachine:\(name)"
    }

    /// Runs `definition` on `input` until it ends (or nothing more can happen).
    /// - Parameters:
    ///   - definition: a validated definition.
    ///   - input: the execution input.
    ///   - stateMachineName: names the state machine ARN.
    ///   - executionName: the execution name (default: a fresh UUID-shaped name).
    ///   - inputText: the input as the client sent it (for ExecutionStarted), if it matters.
    public mutating func run(_ definition: StateMachineDefinition, input: JSON = .object(JSONObject()),
                             stateMachineName: String = "state-machine", executionName: String? = nil,
                             inputText: String? = nil) -> ExecutionRun {
        executionCounter += 1
        let name = executionName ?? Self.uuidName(seed: seed, counter: executionCounter)
        let info = ExecutionInfo(executionArn: "arn:aws:states:\(region):\(account):execution:\(stateMachineName):\(name)",
                                 name: name, stateMachineArn: stateMachineArn(stateMachineName),
                                 stateMachineName: stateMachineName, roleArn: roleArn, input: input, inputText: inputText,
                                 startTimeMilliseconds: clock.nowMilliseconds)
        var machine = ExecutionStateMachine(definition: definition, info: info, randomSeed: seed &+ UInt64(executionCounter))
        machine.recordsHistory = recordsHistory
        var loop = DriverLoop()
        loop.perform(machine.start(at: clock.nowMilliseconds))
        while loop.result == nil {
            guard let event = loop.nextEvent(clock: &clock) else { break }
            if case .child(let request) = event {
                loop.perform(machine.handle(.childExecutionFinished(taskId: request.taskId, runChild(request)), at: clock.nowMilliseconds))
                continue
            }
            if case .task(let invocation) = event {
                switch taskHandler(invocation) {
                case .success(let output):
                    loop.perform(machine.handle(.taskStarted(taskId: invocation.id), at: clock.nowMilliseconds))
                    loop.perform(machine.handle(.taskSucceeded(taskId: invocation.id, output: output), at: clock.nowMilliseconds))
                case .failure(let error, let cause):
                    loop.perform(machine.handle(.taskStarted(taskId: invocation.id), at: clock.nowMilliseconds))
                    loop.perform(machine.handle(.taskFailed(taskId: invocation.id, error: error, cause: cause), at: clock.nowMilliseconds))
                case .noReply:
                    loop.perform(machine.handle(.taskStarted(taskId: invocation.id), at: clock.nowMilliseconds))
                }
                continue
            }
            if case .event(let e) = event {
                loop.perform(machine.handle(e, at: clock.nowMilliseconds))
            }
        }
        return ExecutionRun(info: info, result: loop.result ?? ExecutionResult(status: .running, output: nil, error: nil, cause: nil),
                            history: loop.history, invocations: loop.invocations)
    }

    /// Runs a child execution synchronously and reports how it ended.
    private mutating func runChild(_ request: ChildExecutionRequest) -> ChildExecutionOutcome {
        let start = clock.nowMilliseconds
        let name = request.stateMachineArn.split(separator: ":").last.map(String.init) ?? "child"
        guard let definition = stateMachines[request.stateMachineArn] else {
            return ChildExecutionOutcome(executionArn: "", status: .failed, error: "StateMachine.DoesNotExist",
                                         cause: "State Machine Does Not Exist: '\(request.stateMachineArn)'",
                                         startMilliseconds: start, stopMilliseconds: start)
        }
        let run = run(definition, input: request.input, stateMachineName: name, executionName: request.name)
        return ChildExecutionOutcome(executionArn: run.info.executionArn, status: run.result.status, output: run.result.output,
                                     error: run.result.error, cause: run.result.cause, startMilliseconds: start,
                                     stopMilliseconds: clock.nowMilliseconds)
    }

    /// A UUID-shaped, deterministic execution name.
    static func uuidName(seed: UInt64, counter: Int) -> String {
        var x = seed &+ UInt64(counter) &* 0x9E37_79B9_7F4A_7C15
        var hex = ""
        for _ in 0..<32 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            hex.append(String((x >> 60) & 0xF, radix: 16))
        }
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-8" + String(c[17..<20]) + "-" + String(c[20..<32])
    }
}
