import Crypto
public import Foundation
import Synchronization

/// Verifies AWS Signature Version 4 (`Authorization` header form) against a fixed set of access keys.
///
/// Pure: no I/O and no clock (`now` is passed in); derived signing keys are kept for the next request of the same
/// scope, which changes no answer. The checks run in the order AWS's JSON-protocol front end runs
/// them, and failures carry AWS's codes and messages:
///
/// 1. no `Authorization` header, or one not starting with `AWS4-` → `MissingAuthenticationTokenException`;
///    one alongside an `X-Amz-Algorithm` query parameter → `InvalidSignatureException`;
/// 2. a parameter without `=`; a missing `Credential`, `Signature` or `SignedHeaders`, or neither `X-Amz-Date` nor
///    `Date` → `IncompleteSignatureException`; a date not in its format → `IncompleteSignatureException`;
/// 3. the date more than `maximumSkew` before or after `now` → `InvalidSignatureException` ("Signature expired",
///    "Signature not yet current");
/// 4. `host` or the date header not signed → `InvalidSignatureException`;
/// 5. an algorithm other than `AWS4-HMAC-SHA256`, or a credential without 5 parts → `IncompleteSignatureException`;
/// 6. an empty region or service, a terminator other than `aws4_request`, or a scope date other than the request's
///    → `InvalidSignatureException` (any region and service are accepted otherwise);
/// 7. an unknown access key id → `UnrecognizedClientException`;
/// 8. a signature (or an `X-Amz-Content-SHA256`) that does not match → `InvalidSignatureException`.
///
/// A session token (`X-Amz-Security-Token`) is accepted whatever its value: it is covered by the signature when
/// signed, and there is no token service here to check it against.
public struct SignatureVerifier: Sendable {
    private let keys: [String: AccessKey]
    private let skewSeconds: Int64
    private let signingKeys = SigningKeyCache()

    /// Creates a verifier.
    /// - Parameters:
    ///   - keys: The accepted keys; if two share an id, the first wins.
    ///   - maximumSkew: How far the request's date may be from `now`, either way; AWS allows 15 minutes.
    public init(keys: [AccessKey], maximumSkew: Duration = .seconds(15 * 60)) {
        self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.skewSeconds = max(0, maximumSkew.components.seconds)
    }

    /// Verifies an AWS SigV4-signed request (Authorization header form).
    /// - Parameters:
    ///   - method: The HTTP method, as sent (`POST`).
    ///   - path: The request path as sent on the wire, still percent-encoded, without the query (`/`).
    ///   - query: The raw query string, without `?` (empty when there is none).
    ///   - headers: Every request header in order, repeats included; names in any case. `host` must be among them
    ///     (or HTTP/2's `:authority`).
    ///   - body: The request body bytes.
    ///   - now: The current time.
    /// - Returns: The key that signed the request, or why it is not authenticated.
    public func verify(method: String, path: String, query: String, headers: [(name: String, value: String)],
                       body: [UInt8], now: Date) -> Result<AccessKey, AuthError>
    {
        verify(method: method, path: path, query: query, index: HeaderIndex(headers), body: body, now: now)
    }

    /// Verifies a request whose headers are indexed already (see the public `verify`).
    func verify(method: String, path: String, query: String, index: HeaderIndex, body: [UInt8], now: Date)
        -> Result<AccessKey, AuthError>
    {
        guard let raw = index.first("authorization") else { return .failure(.missingAuthenticationToken) }
        if !query.isEmpty && Self.queryHasAlgorithm(query) {
            return .failure(.invalidSignature(
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."))
        }
        guard let parsed = AuthorizationHeader.parse(raw) else { return .failure(.missingAuthenticationToken) }
        let authorization: AuthorizationHeader
        switch parsed {
        case .success(let header): authorization = header
        case .failure(let error): return .failure(error)
        }
        let signed: SignedParts
        switch requireParts(authorization, index) {
        case .success(let parts): signed = parts
        case .failure(let error): return .failure(error)
        }
        if let error = checkSkew(signed.time, now: SigningTime(now.timeIntervalSince1970)) {
            return .failure(error)
        }
        let signedHeaders = (ASCIIWords.split(signed.signedHeaders, where: { $0 == UInt8(ascii: ";") })
            ?? signed.signedHeaders.split(separator: ";")).map { $0.lowercased() }
        if !signedHeaders.contains("host") {
            return .failure(.invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization."))
        }
        if !signedHeaders.contains(signed.dateHeader.lowercased()) {
            return .failure(.invalidSignature("'\(signed.dateHeader)' must be a 'SignedHeader' in the AWS Authorization."))
        }
        if authorization.algorithm != "AWS4-HMAC-SHA256" {
            return .failure(.incompleteSignature(
                "Unsupported AWS 'algorithm': '\(authorization.algorithm)' (only AWS4-HMAC-SHA256 for now). "))
        }
        let scope: CredentialScope
        switch CredentialScope.parse(signed.credential) {
        case .success(let parsedScope): scope = parsedScope
        case .failure(let error): return .failure(error)
        }
        let timestamp = signed.timestamp
        if let error = Self.checkScope(scope, timestamp: timestamp) { return .failure(error) }
        guard let key = keys[scope.accessKeyID] else { return .failure(.unrecognizedClient) }

        let payloadHash = CanonicalRequest.hexSHA256(body)
        if let declared = index.first("x-amz-content-sha256"), declared != payloadHash {
            return .failure(.signatureMismatch)
        }
        let canonical = CanonicalRequest.make(
            method: method, path: path, query: query, signedHeaders: signedHeaders, headers: index,
            payloadHash: payloadHash)
        let stringToSign = CanonicalRequest.stringToSign(
            timestamp: timestamp, scope: scope.scope, canonicalRequest: canonical)
        var mac = signingKeys.mac(secret: key.secret, scope: scope)
        mac.update(data: Array(stringToSign.utf8))
        let expected = hex(mac.finalize())
        guard Self.constantTimeEqual(expected, signed.signature) else { return .failure(.signatureMismatch) }
        return .success(key)
    }

    // MARK: Steps

    /// The required parameters and the signing time.
    private struct SignedParts {
        var credential: String
        var signedHeaders: String
        var signature: String
        /// `X-Amz-Date` or `Date`, whichever dated the request.
        var dateHeader: String
        var time: SigningTime
        /// `time.basic`.
        var timestamp: String
    }

    private func requireParts(_ header: AuthorizationHeader, _ index: HeaderIndex) -> Result<SignedParts, AuthError> {
        var missing = ""
        let credential = nonEmpty(header.credential)
        let signature = nonEmpty(header.signature)
        let signedHeaders = nonEmpty(header.signedHeaders)
        if credential == nil { missing += "Authorization header requires 'Credential' parameter. " }
        if signature == nil { missing += "Authorization header requires 'Signature' parameter. " }
        if signedHeaders == nil { missing += "Authorization header requires 'SignedHeaders' parameter. " }
        let amzDate = index.first("x-amz-date")
        let httpDate = amzDate == nil ? index.first("date") : nil
        if amzDate == nil && httpDate == nil {
            missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard let credential, let signature, let signedHeaders, let dateValue = amzDate ?? httpDate else {
            return .failure(.incompleteSignature(missing + "Authorization=" + header.raw))
        }
        let time = amzDate != nil ? SigningTime.parseBasic(dateValue) : SigningTime.parseHTTPDate(dateValue)
        guard let time else {
            return .failure(.incompleteSignature(
                "Date must be in ISO-8601 'basic format'. Got '\(dateValue)'. See http://en.wikipedia.org/wiki/ISO_8601"))
        }
        // A valid `X-Amz-Date` is `time.basic` already, unless its year 0000 was clamped to 0001.
        let timestamp = amzDate != nil && !dateValue.hasPrefix("0000") ? dateValue : time.basic
        return .success(SignedParts(credential: credential, signedHeaders: signedHeaders, signature: signature,
                                    dateHeader: amzDate != nil ? "X-Amz-Date" : "Date", time: time,
                                    timestamp: timestamp))
    }

    private func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// AWS's "Signature expired" / "Signature not yet current" when `time` is more than the skew away from `now`.
    private func checkSkew(_ time: SigningTime, now: SigningTime) -> AuthError? {
        let minutes = skewSeconds / 60
        let earliest = now.adding(-skewSeconds)
        let latest = now.adding(skewSeconds)
        if time < earliest {
            return .invalidSignature(
                "Signature expired: \(time.basic) is now earlier than \(earliest.basic) (\(now.basic) - \(minutes) min.)")
        }
        if time > latest {
            return .invalidSignature(
                "Signature not yet current: \(time.basic) is still later than \(latest.basic) (\(now.basic) + \(minutes) min.)")
        }
        return nil
    }

    /// Every problem of the credential scope at once, as AWS lists them.
    /// - Parameter timestamp: The request's time in ISO 8601 basic format (`SigningTime.basic`).
    private static func checkScope(_ scope: CredentialScope, timestamp: String) -> AuthError? {
        var problems: [String] = []
        if scope.region.isEmpty { problems.append("Credential should be scoped to a valid region, not ''.") }
        if scope.service.isEmpty { problems.append("Credential should be scoped to correct service: 'states'.") }
        if scope.terminator != "aws4_request" {
            problems.append(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '\(scope.terminator)'.")
        }
        let day = timestamp.prefix(8)
        if scope.date != day {
            problems.append(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(scope.date)' != '\(day)', from '\(timestamp)'.")
        }
        return problems.isEmpty ? nil : .invalidSignature(problems.joined(separator: " "))
    }

    private static func queryHasAlgorithm(_ query: String) -> Bool {
        query.split(separator: "&").contains { pair in
            pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first == "X-Amz-Algorithm"
        }
    }

    /// Compares in time that depends only on `expected`'s length, never on where the strings differ.
    static func constantTimeEqual(_ expected: String, _ provided: String) -> Bool {
        let lhs = Array(expected.utf8)
        let rhs = Array(provided.utf8)
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        for index in lhs.indices {
            difference |= lhs[index] ^ (index < rhs.count ? rhs[index] : 0)
        }
        return difference == 0
    }
}

/// HMACs keyed with signing keys already derived, by secret and credential scope: deriving a key takes four HMACs,
/// and every request of a client signed on the same day for the same region and service uses the same key. Bounded:
/// emptied when full, so requests scoped to ever new regions or services cannot grow it.
private final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        var secret: String
        var date: String
        var region: String
        var service: String
        var terminator: String
    }

    private static let capacity = 64
    private let macs = Mutex<[Scope: HMAC<SHA256>]>([:])

    /// An HMAC-SHA256 keyed with `CanonicalRequest.signingKey(secret:scope:)`, nothing fed to it yet.
    func mac(secret: String, scope: CredentialScope) -> HMAC<SHA256> {
        let id = Scope(secret: secret, date: scope.date, region: scope.region, service: scope.service,
                       terminator: scope.terminator)
        if let mac = macs.withLock({ $0[id] }) { return mac }
        let mac = HMAC<SHA256>(key: CanonicalRequest.signingKey(secret: secret, scope: scope))
        macs.withLock { macs in
            if macs.count >= Self.capacity { macs.removeAll(keepingCapacity: true) }
            macs[id] = mac
        }
        return mac
    }
}
