/// `"Type": "Choice"`: picks the `Next` state of the first matching rule, else `Default`.
public struct ChoiceState: Sendable {
    public var name: String
    public var io: StateIO
    public var choices: [ChoiceRule]
    /// `Default`; without it and no match the state fails with `States.NoChoiceMatched`.
    public var defaultState: String?
}
