public import JSONValue
/// The data-flow fields a state may have. A nil path field that was written as JSON `null`
/// is recorded in the `...IsNull` flags; absent paths default to `$`.
public struct StateIO: Sendable {
    /// `InputPath`; nil when `null` (input becomes `{}`).
    public var inputPath: String? = "$"
    /// `OutputPath`; nil when `null` (output becomes `{}`).
    public var outputPath: String? = "$"
    /// `ResultPath`; nil when `null` (the result is discarded).
    public var resultPath: String? = "$"
    /// `Parameters` (or a Map's `ItemSelector`).
    public var parameters: JSON?
    /// `ResultSelector`.
    public var resultSelector: JSON?
    /// `Assign` (JSONPath flavour).
    public var assign: JSON?
    /// The state's query language (its own `QueryLanguage`, else the definition's).
    public var language: QueryLanguage = .jsonPath
    /// JSONata `Arguments` (Task, Parallel): the input given to the work, `{% %}` strings evaluated.
    public var arguments: JSON?
    /// JSONata `Output`: the state output, `{% %}` strings evaluated.
    public var output: JSON?

    /// Whether any field refers to the context object (`$$`), so the engine builds it only then.
    public var usesContext = false

    public init() {}

    /// Whether input and output pass through unchanged (the fast path for plain Pass states).
    public var isIdentity: Bool {
        inputPath == "$" && outputPath == "$" && resultPath == "$" && parameters == nil
            && resultSelector == nil && assign == nil && output == nil && arguments == nil
    }
}
