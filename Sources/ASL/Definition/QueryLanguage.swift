/// The expression language of a definition or state.
public enum QueryLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"

    /// Whether this interpreter runs the language (both are; kept as the one switch to refuse one).
    public var isSupported: Bool { true }
}
