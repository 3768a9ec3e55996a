/// An error setting up a worker. Codes are statics so new ones don't break callers.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case unknownHandler
    }
    private let code: Code
    /// What went wrong, in one line.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A stock handler name that does not exist.
    public static func unknownHandler(_ name: String) -> WorkerError {
        WorkerError(.unknownHandler, "'\(name)' is not a stock handler (\(StockHandlers.names.joined(separator: ", ")))")
    }

    public var description: String { "worker \(code.rawValue): \(message)" }

    public static func == (lhs: WorkerError, rhs: WorkerError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
