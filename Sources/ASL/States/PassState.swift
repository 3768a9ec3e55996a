public import JSONValue
/// `"Type": "Pass"`: passes its input (or `Result`) to its output.
public struct PassState: Sendable {
    public var name: String
    public var transition: Transition
    public var io: StateIO
    /// `Result`, which replaces the effective input as the state's result.
    public var result: JSON?
}
