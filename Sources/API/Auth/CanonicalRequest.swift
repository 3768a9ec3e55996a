import Crypto

/// The SigV4 canonical request and the strings derived from it, built the way AWS (and botocore) build them for
/// services other than S3.
enum CanonicalRequest {
    /// The canonical request's UTF-8 bytes,
    /// `METHOD\nURI\nQUERY\nname:value\n...\n\nsigned;headers\npayload-hash`.
    /// - Parameters:
    ///   - path: The path as sent on the wire (still percent-encoded), without the query.
    ///   - query: The query string as sent, without `?`.
    ///   - signedHeaders: Lower-cased header names, in the order of the `SignedHeaders` parameter.
    ///   - headers: The request headers, looked up by lower-cased name.
    static func make(method: String, path: String, query: String, signedHeaders: [String], headers: HeaderIndex,
                     payloadHash: String) -> [UInt8]
    {
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: method.utf8)
        out.append(newline)
        out.append(contentsOf: canonicalURI(path).utf8)
        out.append(newline)
        if !query.isEmpty { out.append(contentsOf: canonicalQuery(query).utf8) }
        out.append(newline)
        for name in signedHeaders {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            headers.appendCanonicalValue(name, to: &out)
            out.append(newline)
        }
        out.append(newline)
        for (position, name) in signedHeaders.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.utf8)
        }
        out.append(newline)
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// `AWS4-HMAC-SHA256\nTIMESTAMP\nSCOPE\nhex(sha256(canonical request))`.
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: [UInt8]) -> String {
        "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope)\n" + hexSHA256(canonicalRequest)
    }

    /// The signing key derived from `secret` and the scope: `HMAC("AWS4" + secret, date)`, then region, service and
    /// terminator in turn.
    static func signingKey(secret: String, scope: CredentialScope) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [scope.date, scope.region, scope.service, scope.terminator] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    // MARK: URI

    /// The path with dot segments and empty segments removed (keeping a trailing slash), then every byte but the
    /// unreserved ones and `/` percent-encoded, so an already encoded path is encoded twice (`%20` → `%2520`), as AWS
    /// expects for every service but S3. This is botocore's `quote(normalize_url_path(path), safe='/~')`.
    static func canonicalURI(_ path: String) -> String {
        guard !path.isEmpty, path != "/" else { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/") where segment != "." {
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return leading + segments.map { uriEncode($0.utf8) }.joined(separator: "/") + trailing
    }

    /// The query's `name=value` pairs, each side decoded then strictly re-encoded, sorted by name then value.
    static func canonicalQuery(_ query: String) -> String {
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for component in query.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = component.firstIndex(of: UInt8(ascii: "="))
            let name = equals.map { component[..<$0] } ?? component[...]
            let value = equals.map { component[component.index(after: $0)...] } ?? component[component.endIndex...]
            pairs.append((Array(uriEncode(percentDecode(name)).utf8), Array(uriEncode(percentDecode(value)).utf8)))
        }
        pairs.sort { lhs, rhs in
            lhs.name != rhs.name
                ? lhs.name.lexicographicallyPrecedes(rhs.name) : lhs.value.lexicographicallyPrecedes(rhs.value)
        }
        return pairs.map { String(decoding: $0.name, as: UTF8.self) + "=" + String(decoding: $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }

    /// Percent-encodes every byte except `A-Z a-z 0-9 - _ . ~`, with upper-case hex digits.
    static func uriEncode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
    static func percentDecode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(input[index])
                index += 1
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Lower-case hex of a digest or MAC.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in bytes {
        out.append(lowerHexDigits[Int(byte >> 4)])
        out.append(lowerHexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

let lowerHexDigits = Array("0123456789abcdef".utf8)

/// Request headers by lower-cased name, every value kept in order.
struct HeaderIndex {
    /// The first value of each header.
    private var firstValues: [String: String] = [:]
    /// The values after the first of a header sent more than once.
    private var moreValues: [String: [String]] = [:]

    init(_ headers: [(name: String, value: String)]) {
        self.init(lowercased: headers.lazy.map { (name: $0.name.lowercased(), value: $0.value) })
    }

    /// An index of headers whose names are lower-case already.
    init(lowercased headers: some Sequence<(name: String, value: String)>) {
        firstValues.reserveCapacity(headers.underestimatedCount)
        for (name, value) in headers {
            if firstValues[name] == nil {
                firstValues[name] = value
            } else {
                moreValues[name, default: []].append(value)
            }
        }
    }

    /// The first value of a header.
    func first(_ name: String) -> String? { firstValues[name] }

    func contains(_ name: String) -> Bool { firstValues[name] != nil }

    /// Adds a value unless the header is present already.
    mutating func addIfAbsent(_ name: String, _ value: String) {
        if firstValues[name] == nil { firstValues[name] = value }
    }

    /// Every value of the header, each trimmed with inner whitespace runs collapsed to one space, joined by commas.
    /// A signed `host` missing from the request falls back to HTTP/2's `:authority`.
    func canonicalValue(_ name: String) -> String {
        var out: [UInt8] = []
        appendCanonicalValue(name, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `canonicalValue(name)`'s UTF-8 bytes, appended to `out`.
    func appendCanonicalValue(_ name: String, to out: inout [UInt8]) {
        let key = firstValues[name] == nil && name == "host" ? ":authority" : name
        guard let first = firstValues[key] else { return }
        Self.appendTrimmed(first, to: &out)
        for value in moreValues[key] ?? [] {
            out.append(UInt8(ascii: ","))
            Self.appendTrimmed(value, to: &out)
        }
    }

    /// botocore's `' '.join(value.split())`: Python's whitespace, which includes U+001C...U+001F.
    static func trimAll(_ value: String) -> String {
        var out: [UInt8] = []
        appendTrimmed(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `trimAll(value)`'s UTF-8 bytes, appended to `out`: byte by byte for ASCII (whose whitespace is 0x09...0x0D and
    /// 0x1C...0x20), by Unicode scalar properties otherwise.
    private static func appendTrimmed(_ value: String, to out: inout [UInt8]) {
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else {
            let words = value.unicodeScalars
                .split(whereSeparator: { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) })
            for (position, word) in words.enumerated() {
                if position > 0 { out.append(UInt8(ascii: " ")) }
                out.append(contentsOf: String(String.UnicodeScalarView(word)).utf8)
            }
            return
        }
        var wroteWord = false
        var pendingSpace = false
        for byte in value.utf8 {
            if (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte) {
                pendingSpace = true
                continue
            }
            if pendingSpace && wroteWord { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            wroteWord = true
            out.append(byte)
        }
    }
}
