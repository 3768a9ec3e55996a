import Foundation

/// The position after an execution in the newest-first execution list, as a page token.
/// Shared by the backends so their tokens are interchangeable.
public struct ExecutionCursor: Sendable, Equatable {
    /// The start date of the last execution returned, in epoch milliseconds.
    public var startMilliseconds: Int64
    /// The ARN of the last execution returned.
    public var arn: String

    /// The cursor after `execution`.
    public init(_ execution: ExecutionRecord) {
        self.startMilliseconds = execution.startDate.milliseconds
        self.arn = execution.arn
    }

    /// Parses a token made by ``token``.
    /// - Throws: ``StoreError/invalidArgument`` if it is malformed.
    public init(token: String) throws {
        guard let colon = token.firstIndex(of: "|"), let milliseconds = Int64(token[..<colon]) else {
            throw StoreError.invalidArgument.with(message: "invalid page token")
        }
        self.startMilliseconds = milliseconds
        self.arn = String(token[token.index(after: colon)...])
    }

    /// The token to hand out.
    public var token: String { "\(startMilliseconds)|\(arn)" }
}
