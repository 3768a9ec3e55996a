import Crypto

/// The SigV4 canonical request and the strings derived from it, built the way AWS (and botocore) build them for
/// services other than S3.
enum CanonicalRequest {
    /// The canonical request:
    /// `METHOD\nURI\nQUERY\nname:value\n...\n\nsigned;headers\npayload-hash`.
    /// - Parameters:
    ///   - path: The path as sent on the wire (still percent-encoded), without the query.
    ///   - query: The query string as sent, without `?`.
    ///   - signedHeaders: Lower-cased header names, in the order of the `SignedHeaders` parameter.
    ///   - headers: The request headers, looked up by lower-cased name.
    static func make(method: String, path: String, query: String, signedHeaders: [String], headers: HeaderIndex,
                     payloadHash: String) -> String
    {
        var lines = [method, canonicalURI(path), canonicalQuery(query)]
        for name in signedHeaders {
            lines.append(name + ":" + headers.canonicalValue(name))
        }
        lines.append("")
        lines.append(signedHeaders.joined(separator: ";"))
        lines.append(payloadHash)
        return lines.joined(separator: "\n")
    }

    /// `AWS4-HMAC-SHA256\nTIMESTAMP\nSCOPE\nhex(sha256(canonical request))`.
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope)\n" + hexSHA256(Array(canonicalRequest.utf8))
    }

    /// The hex signature of `stringToSign` under the key derived from `secret` and the scope.
    static func signature(secret: String, scope: CredentialScope, stringToSign: String) -> String {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [scope.date, scope.region, scope.service, scope.terminator] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    // MARK: URI

    /// The path with dot segments and empty segments removed (keeping a trailing slash), then every byte but the
    /// unreserved ones and `/` percent-encoded, so an already encoded path is encoded twice (`%20` → `%2520`), as AWS
    /// expects for every service but S3. This is botocore's `quote(normalize_url_path(path), safe='/~')`.
    static func canonicalURI(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
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
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Request headers by lower-cased name, every value kept in order.
struct HeaderIndex {
    private var values: [String: [String]] = [:]

    init(_ headers: [(name: String, value: String)]) {
        for header in headers {
            values[header.name.lowercased(), default: []].append(header.value)
        }
    }

    /// The first value of a header.
    func first(_ name: String) -> String? { values[name]?.first }

    func contains(_ name: String) -> Bool { values[name] != nil }

    /// Every value of the header, each trimmed with inner whitespace runs collapsed to one space, joined by commas.
    /// A signed `host` missing from the request falls back to HTTP/2's `:authority`.
    func canonicalValue(_ name: String) -> String {
        let found = values[name] ?? (name == "host" ? values[":authority"] : nil) ?? []
        return found.map(Self.trimAll).joined(separator: ",")
    }

    /// botocore's `' '.join(value.split())`: Python's whitespace, which includes U+001C...U+001F.
    static func trimAll(_ value: String) -> String {
        value.unicodeScalars
            .split(whereSeparator: { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) })
            .map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }
}
