import ASL
import JSONValue
import Testing

/// Helpers shared by the interpreter unit tests.
enum Fixtures {
    static let start: Int64 = 1_700_000_000_000

    static func definition(_ text: String) throws -> StateMachineDefinition {
        try StateMachineDefinition(parsing: text)
    }

    static func json(_ text: String) -> JSON {
        (try? JSON(parsing: text)) ?? .null
    }

    static func machine(_ text: String, input: String = "{}") throws -> ExecutionStateMachine {
        let info = ExecutionInfo(executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:exec",
                                 name: "exec", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
                                 stateMachineName: "sm", roleArn: "arn:aws:iam::123456789012:role/r",
                                 input: json(input), startTimeMilliseconds: start)
        return ExecutionStateMachine(definition: try definition(text), info: info, randomSeed: 7)
    }

    /// The diagnostics a definition is refused with (empty when accepted).
    static func diagnostics(_ text: String) -> [Diagnostic] {
        StateMachineDefinition.validate(text)
    }
}

extension [ExecutionAction] {
    var historyTypes: [String] {
        compactMap { if case .recordHistory(let e) = $0 { e.type } else { nil } }
    }
    var invocations: [TaskInvocation] {
        compactMap { if case .invokeTask(let t) = $0 { t } else { nil } }
    }
    var timers: [(id: String, due: Int64)] {
        compactMap { if case .startTimer(let id, let due) = $0 { (id, due) } else { nil } }
    }
    var cancelledTimers: [String] {
        compactMap { if case .cancelTimer(let id) = $0 { id } else { nil } }
    }
    var result: ExecutionResult? {
        for a in self { if case .finish(let r) = a { return r } }
        return nil
    }
    var history: [HistoryEvent] {
        compactMap { if case .recordHistory(let e) = $0 { e } else { nil } }
    }
}
