/// The expression language of a definition or state.
public enum QueryLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"

    /// Whether this interpreter runs the language. JSONata is refused at definition time
    /// (one place to change when it is supported).
    public var isSupported: Bool { self == .jsonPath }
}
