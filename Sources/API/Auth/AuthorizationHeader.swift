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
        let utf8 = raw.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return parseCharacters(raw) }
        var words: [Range<String.Index>] = []
        var start: String.Index?
        var position = utf8.startIndex
        while position != utf8.endIndex {
            if utf8[position].isAuthorizationSeparator {
                if let begun = start { words.append(begun..<position) }
                start = nil
            } else if start == nil {
                start = position
            }
            position = utf8.index(after: position)
        }
        if let begun = start { words.append(begun..<utf8.endIndex) }
        guard let first = words.first, utf8[first].starts(with: "AWS4-".utf8) else { return nil }
        var header = AuthorizationHeader(raw: raw, algorithm: String(raw[first]))
        for word in words.dropFirst() {
            guard let equals = utf8[word].firstIndex(of: UInt8(ascii: "=")) else {
                return .failure(.incompleteSignature(
                    "'\(raw[word])' not a valid key=value pair (missing equal-sign) in Authorization header: '\(raw)'."))
            }
            let name = utf8[word.lowerBound..<equals]
            let value = { String(raw[utf8.index(after: equals)..<word.upperBound]) }
            if name.elementsEqual("Credential".utf8) {
                header.credential = header.credential ?? value()
            } else if name.elementsEqual("SignedHeaders".utf8) {
                header.signedHeaders = header.signedHeaders ?? value()
            } else if name.elementsEqual("Signature".utf8) {
                header.signature = header.signature ?? value()
            }
        }
        return .success(header)
    }

    /// `parse` by characters, for a header that is not all ASCII.
    private static func parseCharacters(_ raw: String) -> Result<AuthorizationHeader, AuthError>? {
        let words = raw.split(whereSeparator: \.isAuthorizationSeparator)
        guard let algorithm = words.first, algorithm.hasPrefix("AWS4-") else { return nil }
        var header = AuthorizationHeader(raw: raw, algorithm: String(algorithm))
        for pair in words.dropFirst() {
            guard let equals = pair.firstIndex(of: "=") else {
                return .failure(.incompleteSignature(
                    "'\(pair)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(raw)'."))
            }
            let name = pair[..<equals]
            let value = String(pair[pair.index(after: equals)...])
            if name == "Credential" {
                header.credential = header.credential ?? value
            } else if name == "SignedHeaders" {
                header.signedHeaders = header.signedHeaders ?? value
            } else if name == "Signature" {
                header.signature = header.signature ?? value
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
