/// `"Type": "Parallel"`: runs every branch on the same input; the result is the array of outputs.
public struct ParallelState: Sendable {
    public var name: String
    public var transition: Transition
    public var io: StateIO
    public var branches: [StateGraph]
    public var retriers: [Retrier]
    public var catchers: [Catcher]
}
