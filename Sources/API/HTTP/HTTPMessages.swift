import NIOHTTP1

/// One whole HTTP request as the API sees it: the head and the collected body.
struct HTTPServerRequest: Sendable {
    var method: HTTPMethod
    /// The request target as sent (`/`, `/ping?x=1`), still percent-encoded.
    var uri: String
    var headers: HTTPHeaders
    var body: [UInt8]
    /// The body was longer than the server's limit; `body` is empty.
    var bodyTooLarge = false

    /// The target without its query.
    var path: Substring { uri.prefix { $0 != "?" } }
}

/// What the API answers: a status and a body of one content type.
struct HTTPServerResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    /// More headers (`Location`, `Set-Cookie`).
    var headers: [(String, String)] = []
}

/// Turns a request into its response; never throws (errors are responses too).
typealias HTTPResponder = @Sendable (HTTPServerRequest) async -> HTTPServerResponse
