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
        // In ASCII every character is one byte (a CR LF pair is one character, but neither is a separator), so the
        // header is read byte by byte, which is much cheaper than by characters; anything else keeps the character
        // semantics (an `=` followed by a combining mark is not an equal-sign).
        let ascii = raw.utf8.allSatisfy { $0 < 0x80 }
        let words = ascii ? asciiWords(raw) : raw.split(whereSeparator: \.isAuthorizationSeparator)
        guard let algorithm = words.first, algorithm.hasPrefix("AWS4-") else { return nil }
        var header = AuthorizationHeader(raw: raw, algorithm: String(algorithm))
        for pair in words.dropFirst() {
            guard let equals = ascii ? pair.utf8.firstIndex(of: UInt8(ascii: "=")) : pair.firstIndex(of: "=") else {
                return .failure(.incompleteSignature(
                    "'\(pair)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(raw)'."))
            }
            let name = pair[..<equals]
            func named(_ expected: String) -> Bool { ascii ? name.utf8.elementsEqual(expected.utf8) : name == expected }
            func value() -> String { String(pair[(ascii ? pair.utf8.index(after: equals) : pair.index(after: equals))...]) }
            if named("Credential") {
                header.credential = header.credential ?? value()
            } else if named("SignedHeaders") {
                header.signedHeaders = header.signedHeaders ?? value()
            } else if named("Signature") {
                header.signature = header.signature ?? value()
            }
        }
        return .success(header)
    }

    /// The words of an all-ASCII header between separator bytes, as slices of it (no copies).
    private static func asciiWords(_ raw: String) -> [Substring] {
        let utf8 = raw.utf8
        var words: [Substring] = []
        var start: String.Index?
        var position = utf8.startIndex
        while position != utf8.endIndex {
            if utf8[position].isAuthorizationSeparator {
                if let begun = start { words.append(raw[begun..<position]) }
                start = nil
            } else if start == nil {
                start = position
            }
            position = utf8.index(after: position)
        }
        if let begun = start { words.append(raw[begun..<utf8.endIndex]) }
        return words
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
        let parts = (ASCIIWords.split(trimmed, omittingEmpty: false, where: { $0 == UInt8(ascii: "/") })
            ?? trimmed.split(separator: "/", omittingEmptySubsequences: false)).map(String.init)
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

extension UInt8 {
    fileprivate var isAuthorizationSeparator: Bool {
        self == UInt8(ascii: ",") || self == UInt8(ascii: " ") || self == UInt8(ascii: "\t")
    }
}
