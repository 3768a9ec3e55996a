/// `StartAt` plus `States`: the top level of a definition, a Parallel branch or a Map's ItemProcessor.
public struct StateGraph: Sendable {
    /// The first state's name.
    public var startAt: String
    /// The states by name.
    public var states: [String: State]
    /// The state names in definition order.
    public var stateNames: [String]

    public init(startAt: String, states: [String: State], stateNames: [String]) {
        self.startAt = startAt
        self.states = states
        self.stateNames = stateNames
    }

    /// The state called `name`.
    public subscript(name: String) -> State? { states[name] }
}
