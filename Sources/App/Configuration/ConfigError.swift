/// A configuration value that cannot be used. Its message names the field, and the
/// environment variable that overrides it, in one line.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "config: \(message)" }
}
