import Foundation
import NIOHTTP1

extension SignatureVerifier {
    /// Verifies a request as the HTTP server received it. The path and query are passed raw (still
    /// percent-encoded), as the canonical request needs them.
    /// - Parameters:
    ///   - request: The request, with its collected body.
    ///   - now: The current time.
    /// - Returns: The key that signed the request, or why it is not authenticated.
    func verify(_ request: HTTPServerRequest, now: Date) -> Result<AccessKey, AuthError> {
        verify(method: request.method.rawValue, target: request.uri, headers: request.headers, body: request.body, now: now)
    }

    /// Verifies a request given by its parts (see `verify(_:now:)`).
    func verify(method: String, target: String, headers: HTTPHeaders, body: [UInt8], now: Date) -> Result<AccessKey, AuthError> {
        let index = HeaderIndex(lowercased: headers.lazy.map { (name: ASCIIWords.lowercased($0.name), value: $0.value) })
        let path = target.prefix { $0 != "?" }
        let query = target.dropFirst(path.count + 1)
        return verify(method: method, path: String(path), query: String(query), index: index, body: body, now: now)
    }
}
