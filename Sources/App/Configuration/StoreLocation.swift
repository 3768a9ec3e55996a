/// Where executions are kept: an embedded SQLite file (the default) or a PostgreSQL server.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Parses `postgres://…`/`postgresql://…`, `sqlite://PATH`, `sqlite:PATH`, or a plain file path.
    public init(_ text: String) throws(ConfigError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            let rest = text.drop(while: { $0 != "/" }).dropFirst(2)
            guard let host = rest.split(separator: "/").first?.split(separator: "@").last, !host.isEmpty else {
                throw ConfigError("store (STEPWISE_STORE): '\(text)' has no host; use postgres://user:pass@host:5432/db")
            }
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite://") {
            self = try .sqlite(path: Self.path(String(text.dropFirst(9)), text))
        } else if text.hasPrefix("sqlite:") {
            self = try .sqlite(path: Self.path(String(text.dropFirst(7)), text))
        } else if text.contains("://") {
            throw ConfigError("store (STEPWISE_STORE): '\(text)' is neither postgres:// nor a SQLite file path")
        } else {
            self = try .sqlite(path: Self.path(text, text))
        }
    }

    private static func path(_ p: String, _ text: String) throws(ConfigError) -> String {
        guard !p.isEmpty else { throw ConfigError("store (STEPWISE_STORE): '\(text)' names no file") }
        return p
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite file \(path)"
        case .postgres(let url): "PostgreSQL \(url.replacing(/:[^:@\/]*@/, with: ":***@"))"
        }
    }
}
