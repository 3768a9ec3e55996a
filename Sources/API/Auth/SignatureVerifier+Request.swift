import Foundation
import Hummingbird

extension SignatureVerifier {
    /// Verifies a Hummingbird request.
    ///
    /// Hummingbird (through swift-http-types) moves the `Host` header out of the header fields into
    /// `head.authority`; every SigV4 client signs `host`, so it is put back here. The path and query are passed raw
    /// (still percent-encoded), as the canonical request needs them.
    /// - Parameters:
    ///   - request: The request.
    ///   - body: The collected request body.
    ///   - now: The current time.
    /// - Returns: The key that signed the request, or why it is not authenticated.
    public func verify(_ request: Request, body: [UInt8], now: Date) -> Result<AccessKey, AuthError> {
        verify(head: request.head, body: body, now: now)
    }

    /// Verifies a request given by its head (see `verify(_:body:now:)`).
    func verify(head: HTTPRequest, body: [UInt8], now: Date) -> Result<AccessKey, AuthError> {
        // Field names are validated tokens (ASCII), so their canonical (lower-cased) names are what `HeaderIndex`
        // would make of them.
        var index = HeaderIndex(lowercased: head.headerFields.lazy.map { (name: $0.name.canonicalName, value: $0.value) })
        if let authority = head.authority { index.addIfAbsent("host", authority) }
        let target = head.path ?? "/"
        let path = target.prefix { $0 != "?" }
        let query = target.dropFirst(path.count + 1)
        return verify(method: head.method.rawValue, path: String(path), query: String(query), index: index,
                      body: body, now: now)
    }
}
