/// `"Type": "Map"` (inline): runs `ItemProcessor` for each item of the input array.
public struct MapState: Sendable {
    public var name: String
    public var transition: Transition
    /// `io.parameters` holds `ItemSelector` (or the legacy `Parameters`).
    public var io: StateIO
    /// `ItemProcessor` (or the legacy `Iterator`).
    public var processor: StateGraph
    /// JSONata `Items` (default: the state input).
    public var items: JSON?
    /// `ItemsPath`, default `$`.
    public var itemsPath: String = "$"
    /// `MaxConcurrency` (0 = unlimited) or `MaxConcurrencyPath`.
    public var maxConcurrency: Int = 0
    public var maxConcurrencyPath: String?
    /// JSONata `MaxConcurrency` written as a `{% %}` expression.
    public var maxConcurrencyExpression: String?
    /// `ToleratedFailureCount(Path)` and `ToleratedFailurePercentage(Path)`.
    public var toleratedFailureCount: Int?
    public var toleratedFailureCountPath: String?
    public var toleratedFailurePercentage: Double?
    public var toleratedFailurePercentagePath: String?
    public var retriers: [Retrier]
    public var catchers: [Catcher]
}
