import JSONValue
/// What entering (or resuming) a state produced.
enum StepOutcome: Sendable {
    /// The state completed: record `<Type>StateExited`, then go to `transition`.
    case completed(output: JSON, transition: Transition, assigned: JSONObject?)
    /// The state waits for a task, timer or its children.
    case suspended
    /// The state failed with `error`; Retry/Catch apply for Task, Parallel and Map.
    case failed(StatesError)
    /// A Succeed state: record its exit and end the frame.
    case succeeded(output: JSON)
    /// A Fail state: end the frame with this error (no exit event).
    case failState(StatesError)
}
