/// `"Type": "Fail"`: ends the execution (or branch, iteration) with an error.
public struct FailState: Sendable {
    public var name: String
    /// `Error`, or the JSONPath `ErrorPath` (or an intrinsic function).
    public var error: String?
    public var errorPath: String?
    /// `Cause`, or `CausePath`.
    public var cause: String?
    public var causePath: String?
    /// JSONata states may write `Error`/`Cause` as `{% %}` expressions.
    public var language: QueryLanguage = .jsonPath
}
