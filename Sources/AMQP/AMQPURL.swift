import Foundation

/// A parsed `amqp://user:pass@host:port/vhost` or `amqps://...` URL.
public struct AMQPURL: Sendable, Hashable, CustomStringConvertible {
    public var tls: Bool
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String
    /// Heartbeat interval in seconds (`?heartbeat=N`), 0 to disable. Default 30.
    public var heartbeat: Int
    /// Seconds to wait for the TCP connect and for each broker reply (`?connection_timeout=N`). Default 5.
    public var timeout: Int
    /// TLS: CA bundle to verify the broker with (`?cacertfile=PATH`; default the system bundle).
    public var caCertFile: String?
    /// TLS client certificate and key (`?certfile=PATH&keyfile=PATH`).
    public var certFile: String?
    public var keyFile: String?
    /// TLS: verify the broker's certificate and host name (`?verify=verify_none` turns it off). Default true.
    public var verifyPeer: Bool

    /// Parses an AMQP URI as RabbitMQ documents it: percent-encoded user, password and vhost;
    /// an absent path means vhost `/`; `%2f` encodes `/`.
    public init(_ text: String) throws(AMQPError) {
        let scheme: String
        var rest: Substring
        if text.hasPrefix("amqp://") {
            scheme = "amqp"; rest = text.dropFirst(7)
        } else if text.hasPrefix("amqps://") {
            scheme = "amqps"; rest = text.dropFirst(8)
        } else {
            throw .invalidURL("'\(text)' must start with amqp:// or amqps://")
        }
        tls = scheme == "amqps"
        heartbeat = 30
        timeout = 5
        verifyPeer = true
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { throw .invalidURL("bad query parameter '\(pair)' in '\(text)'") }
                let value = try Self.decode(Substring(kv[1]), in: text)
                func seconds() throws(AMQPError) -> Int {
                    guard let n = Int(value), n >= 0 else { throw .invalidURL("'\(kv[0])' must be a whole number of seconds in '\(text)'") }
                    return n
                }
                switch kv[0] {
                case "heartbeat": heartbeat = try seconds()
                case "connection_timeout": timeout = max(1, try seconds())
                case "cacertfile": caCertFile = value
                case "certfile": certFile = value
                case "keyfile": keyFile = value
                case "verify":
                    guard value == "verify_peer" || value == "verify_none" else {
                        throw .invalidURL("'verify' must be verify_peer or verify_none in '\(text)'")
                    }
                    verifyPeer = value == "verify_peer"
                default: break
                }
            }
            rest = rest[..<q]
        }
        var path: Substring? = nil
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        user = "guest"; password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let auth = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = auth.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = try Self.decode(parts[0], in: text)
            password = parts.count > 1 ? try Self.decode(parts[1], in: text) : ""
        }
        port = tls ? 5671 : 5672
        var hostPart = rest
        if hostPart.hasPrefix("[") {  // IPv6 literal
            guard let close = hostPart.firstIndex(of: "]") else { throw .invalidURL("unclosed '[' in '\(text)'") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if hostPart.hasPrefix(":") { port = try Self.port(hostPart.dropFirst(), in: text) }
        } else if let colon = hostPart.firstIndex(of: ":") {
            host = String(hostPart[..<colon])
            port = try Self.port(hostPart[hostPart.index(after: colon)...], in: text)
        } else {
            host = String(hostPart)
        }
        if host.isEmpty { host = "localhost" }
        vhost = "/"
        if let path, !path.isEmpty { vhost = try Self.decode(path, in: text) }
    }

    private static func port(_ s: Substring, in text: String) throws(AMQPError) -> Int {
        guard let p = Int(s), (1...65535).contains(p) else { throw .invalidURL("bad port '\(s)' in '\(text)'") }
        return p
    }

    private static func decode(_ s: Substring, in text: String) throws(AMQPError) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) else {
                    throw .invalidURL("bad percent-encoding in '\(text)'")
                }
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The URL with its password, to hand to a child process (`STEPWISE_AMQP_URL`); parses back
    /// to an equal `AMQPURL`.
    public var revealed: String {
        func encode(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? s
        }
        var query = ["heartbeat=\(heartbeat)", "connection_timeout=\(timeout)"]
        if let caCertFile { query.append("cacertfile=\(caCertFile)") }
        if let certFile { query.append("certfile=\(certFile)") }
        if let keyFile { query.append("keyfile=\(keyFile)") }
        if !verifyPeer { query.append("verify=verify_none") }
        return "\(tls ? "amqps" : "amqp")://\(encode(user)):\(encode(password))@\(host):\(port)/\(encode(vhost))?"
            + query.joined(separator: "&")
    }

    /// The URL with the password hidden, for logs and error messages.
    public var description: String {
        "\(tls ? "amqps" : "amqp")://\(user):***@\(host):\(port)/\(vhost == "/" ? "" : vhost)"
    }
}
