public import JSONValue
/// One `Catch` entry.
public struct Catcher: Sendable, Hashable {
    public var errorEquals: [String]
    public var next: String
    /// `ResultPath`, default `$`; nil when `null` (the error output is discarded).
    public var resultPath: String? = "$"
    /// `Assign`.
    public var assign: JSON?
    /// JSONata `Output` (default: the error output).
    public var output: JSON?

    public init(errorEquals: [String], next: String) {
        self.errorEquals = errorEquals
        self.next = next
    }
}
