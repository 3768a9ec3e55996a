/// One state of a definition.
public indirect enum State: Sendable {
    case pass(PassState)
    case task(TaskState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed(SucceedState)
    case fail(FailState)
    case parallel(ParallelState)
    case map(MapState)

    /// The state's name (its key in `States`).
    public var name: String {
        switch self {
        case .pass(let s): s.name
        case .task(let s): s.name
        case .choice(let s): s.name
        case .wait(let s): s.name
        case .succeed(let s): s.name
        case .fail(let s): s.name
        case .parallel(let s): s.name
        case .map(let s): s.name
        }
    }

    /// The `Type` as written in ASL; also the prefix of its history events (`PassStateEntered`).
    public var typeName: String {
        switch self {
        case .pass: "Pass"
        case .task: "Task"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }

    /// `<Type>StateEntered`, without building the string each time.
    public var enteredEventType: String {
        switch self {
        case .pass: "PassStateEntered"
        case .task: "TaskStateEntered"
        case .choice: "ChoiceStateEntered"
        case .wait: "WaitStateEntered"
        case .succeed: "SucceedStateEntered"
        case .fail: "FailStateEntered"
        case .parallel: "ParallelStateEntered"
        case .map: "MapStateEntered"
        }
    }

    /// `<Type>StateExited`.
    public var exitedEventType: String {
        switch self {
        case .pass: "PassStateExited"
        case .task: "TaskStateExited"
        case .choice: "ChoiceStateExited"
        case .wait: "WaitStateExited"
        case .succeed: "SucceedStateExited"
        case .fail: "FailStateExited"
        case .parallel: "ParallelStateExited"
        case .map: "MapStateExited"
        }
    }

    /// A Pass state without data-flow fields: its output is its input (no size check needed).
    var passesInputThrough: Bool {
        if case .pass(let s) = self { s.result == nil && s.io.isIdentity } else { false }
    }

    /// The common input/output fields.
    public var io: StateIO {
        switch self {
        case .pass(let s): s.io
        case .task(let s): s.io
        case .choice(let s): s.io
        case .wait(let s): s.io
        case .succeed(let s): s.io
        case .fail: StateIO()
        case .parallel(let s): s.io
        case .map(let s): s.io
        }
    }

    /// Every state name this state can transition to (Next, Default, Choices, Catch).
    public var transitionTargets: [(target: String, location: String)] {
        var targets: [(String, String)] = []
        func add(_ t: Transition, _ loc: String) { if let n = t.nextState { targets.append((n, loc)) } }
        func addCatch(_ catchers: [Catcher]) {
            for (i, c) in catchers.enumerated() { targets.append((c.next, "/Catch[\(i)]/Next")) }
        }
        switch self {
        case .pass(let s): add(s.transition, "/Next")
        case .task(let s): add(s.transition, "/Next"); addCatch(s.catchers)
        case .wait(let s): add(s.transition, "/Next")
        case .parallel(let s): add(s.transition, "/Next"); addCatch(s.catchers)
        case .map(let s): add(s.transition, "/Next"); addCatch(s.catchers)
        case .choice(let s):
            for (i, rule) in s.choices.enumerated() { targets.append((rule.next, "/Choices[\(i)]/Next")) }
            if let d = s.defaultState { targets.append((d, "/Default")) }
        case .succeed, .fail: break
        }
        return targets
    }
}
