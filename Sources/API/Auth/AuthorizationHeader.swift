/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
///
/// Parsed the way AWS's front end does: the algorithm is the first word, and the rest is `key=value` pairs separated
/// by commas and/or whitespace. Missing parameters are `nil` here; the verifier reports them together with the date.
struct AuthorizationHeader {
    /// The header as received, for error messages.
    var raw: String
    /// `AWS4-HMAC-SHA256` in a valid header.
    var algorithm: String
    var credential: String?
    var signedHeaders: String?
    var signature: String?

    /// Parses `raw`.
    /// - Returns: `nil` when the value is not an `AWS4-` signature at all (AWS then answers "missing token"), or the
    ///   error for a pair without `=`.
    static func parse(_ raw: String) -> Result<AuthorizationHeader, AuthError>? {
        let words = raw.split(whereSeparator: \.isAuthorizationSeparator)
        guard let algorithm = words.first, algorithm.hasPrefix("AWS4-") else { return nil }
        var header = AuthorizationHeader(raw: raw, algorithm: String(algorithm))
        for pair in words.dropFirst() {
            guard let equals = pair.firstIndex(of: "=") else {
                return .failure(.incompleteSignature(
                    "'\(pair)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(raw)'."))
            }
            let value = String(pair[pair.index(after: equals)...])
            switch pair[..<equals] {
            case "Credential": header.credential = header.credential ?? value
            case "SignedHeaders": header.signedHeaders = header.signedHeaders ?? value
            case "Signature": header.signature = header.signature ?? value
            default: break
            }
        }
        return .success(header)
    }

    private init(raw: String, algorithm: String) {
        self.raw = raw
        self.algorithm = algorithm
    }
}

/// The credential scope: `KEYID/YYYYMMDD/REGION/SERVICE/aws4_request`.
struct CredentialScope {
    var accessKeyID: String
    var date: String
    var region: String
    var service: String
    var terminator: String

    /// The scope without the key id, as it appears in the string to sign.
    var scope: String { "\(date)/\(region)/\(service)/\(terminator)" }

    /// Splits a `Credential` value; trailing slashes are ignored, as AWS does.
    static func parse(_ credential: String) -> Result<CredentialScope, AuthError> {
        var trimmed = Substring(credential)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else {
            return .failure(.incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"))
        }
        return .success(CredentialScope(accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3],
                                        terminator: parts[4]))
    }
}

extension Character {
    fileprivate var isAuthorizationSeparator: Bool { self == "," || self == " " || self == "\t" }
}
