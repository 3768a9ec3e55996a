/// An error from the AMQP transport. Codes are exposed as statics so new ones don't break callers.
public struct AMQPError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case invalidURL, connectionFailed, loginRefused, protocolError, channelClosed
        case connectionClosed, nacked, unknownExchange, closed, queueMismatch
    }
    private let code: Code
    /// What went wrong, in one line a person can act on.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The URL could not be parsed.
    public static func invalidURL(_ message: String) -> AMQPError { AMQPError(.invalidURL, message) }
    /// The TCP/TLS connection could not be opened (refused, unreachable, timed out).
    public static func connectionFailed(_ message: String) -> AMQPError { AMQPError(.connectionFailed, message) }
    /// The broker refused the login (user, password or vhost).
    public static func loginRefused(_ message: String) -> AMQPError { AMQPError(.loginRefused, message) }
    /// An unexpected reply or library error on an open connection.
    public static func protocolError(_ message: String) -> AMQPError { AMQPError(.protocolError, message) }
    /// The broker closed the channel (e.g. a declare with conflicting arguments).
    public static func channelClosed(_ message: String) -> AMQPError { AMQPError(.channelClosed, message) }
    /// The connection dropped.
    public static func connectionClosed(_ message: String) -> AMQPError { AMQPError(.connectionClosed, message) }
    /// The broker refused to take responsibility for a published message (basic.nack).
    public static func nacked(_ message: String) -> AMQPError { AMQPError(.nacked, message) }
    /// A publish named an exchange that is not in the declared topology.
    public static func unknownExchange(_ name: String) -> AMQPError {
        AMQPError(.unknownExchange, "exchange '\(name)' is not declared in the topology")
    }
    /// A queue exists with arguments other than the ones declared (most often its type: classic
    /// versus quorum). RabbitMQ cannot change a queue's arguments in place, so retrying cannot help.
    public static func queueMismatch(_ message: String) -> AMQPError { AMQPError(.queueMismatch, message) }
    /// The publisher or consumer was closed.
    public static let closed = AMQPError(.closed, "the AMQP connection was closed")

    public var description: String { "AMQP \(code.rawValue): \(message)" }

    /// Two errors are equal when their codes are: `error == .connectionFailed("")` asks
    /// "is this a connection failure?", whatever the message says.
    public static func == (lhs: AMQPError, rhs: AMQPError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
