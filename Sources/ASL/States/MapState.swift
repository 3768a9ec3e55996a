public import JSONValue
/// `"Type": "Map"`: runs `ItemProcessor` for each item of the input array.
///
/// In `DISTRIBUTED` mode AWS runs each item as a child execution of a map run; here the items
/// run inside the execution as for `INLINE`, and its history shows what AWS's parent history
/// shows: `MapRunStarted` and `MapRunSucceeded`/`MapRunFailed`, none of the items' own events.
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
    /// `ItemProcessor.ProcessorConfig.Mode` is `DISTRIBUTED`.
    public var distributed = false
    /// `Label` (distributed mode): part of the map run's ARN.
    public var label: String?
    public var retriers: [Retrier]
    public var catchers: [Catcher]
}
