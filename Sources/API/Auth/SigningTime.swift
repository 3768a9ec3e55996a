import ASL

/// A request's signing time in whole seconds since 1970 (UTC), with the two spellings SigV4 uses.
///
/// Kept within years 0001...9999 (what both spellings can express), so arithmetic and formatting never trap, whatever
/// the input. The calendar work is ASL's `RFC3339Timestamp`.
struct SigningTime: Equatable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int64

    /// 0001-01-01T00:00:00Z.
    static let earliest: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    static let latest: Int64 = 253_402_300_799

    init(seconds: Int64) {
        self.seconds = min(max(seconds, Self.earliest), Self.latest)
    }

    /// The time, truncated to whole seconds; NaN counts as the epoch.
    init(_ secondsSince1970: Double) {
        guard !secondsSince1970.isNaN else {
            self.init(seconds: 0)
            return
        }
        let clamped = min(max(secondsSince1970.rounded(.down), Double(Self.earliest)), Double(Self.latest))
        self.init(seconds: Int64(clamped))
    }

    static func < (lhs: SigningTime, rhs: SigningTime) -> Bool { lhs.seconds < rhs.seconds }

    /// This time moved by `delta` seconds (saturating).
    func adding(_ delta: Int64) -> SigningTime {
        let (sum, overflow) = seconds.addingReportingOverflow(delta)
        return SigningTime(seconds: overflow ? (delta < 0 ? Self.earliest : Self.latest) : sum)
    }

    /// ISO 8601 basic format, as in `X-Amz-Date`: `20240517T123456Z`.
    var basic: String {
        // `2024-05-17T12:34:56.000Z` without its separators and milliseconds.
        let extended = RFC3339Timestamp.format(milliseconds: seconds * 1000)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for byte in extended.utf8.prefix(19) where byte != UInt8(ascii: "-") && byte != UInt8(ascii: ":") {
            out.append(byte)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The date part of `basic`, as in a credential scope: `20240517`.
    var day: String { String(basic.prefix(8)) }

    // MARK: Parsing

    /// Parses `X-Amz-Date`'s ISO 8601 basic format, `YYYYMMDD'T'HHMMSS'Z'`, strictly.
    static func parseBasic(_ text: String) -> SigningTime? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            bytes[0..<8].allSatisfy(isDigit), bytes[9..<15].allSatisfy(isDigit)
        else { return nil }
        // YYYYMMDDTHHMMSSZ → YYYY-MM-DDTHH:MM:SSZ, inserting from the end so earlier offsets stay put.
        var extended = bytes
        for (offset, separator) in [(13, ":"), (11, ":"), (6, "-"), (4, "-")] as [(Int, Unicode.Scalar)] {
            extended.insert(UInt8(ascii: separator), at: offset)
        }
        return rfc3339(String(decoding: extended, as: UTF8.self))
    }

    /// Parses an HTTP `Date` header: `Fri, 17 May 2024 12:34:56 GMT`, also with a numeric zone (`-0000`, `+0200`),
    /// which is what Python's `email.utils.formatdate` (used by botocore) writes.
    static func parseHTTPDate(_ text: String) -> SigningTime? {
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        if let first = tokens.first, !first.utf8.allSatisfy(isDigit) {
            tokens.removeFirst()  // weekday
        }
        guard tokens.count == 5, let month = monthNames.firstIndex(of: tokens[1].lowercased()),
            let zone = zoneOffset(tokens[4])
        else { return nil }
        let day = tokens[0].utf8.count == 1 ? "0" + tokens[0] : tokens[0]
        let monthNumber = month < 9 ? "0\(month + 1)" : "\(month + 1)"
        return rfc3339("\(tokens[2])-\(monthNumber)-\(day)T\(tokens[3])\(zone)")
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// An RFC 3339 offset for `GMT`, `UTC`, `UT`, `Z` or `±HHMM`.
    private static func zoneOffset(_ zone: String) -> String? {
        if ["gmt", "utc", "ut", "z"].contains(zone.lowercased()) { return "Z" }
        let bytes = Array(zone.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[1...].allSatisfy(isDigit)
        else { return nil }
        return String(zone.prefix(3)) + ":" + String(zone.suffix(2))
    }

    /// A whole-second RFC 3339 date-time, validated by ASL (month lengths, leap years, ranges).
    private static func rfc3339(_ text: String) -> SigningTime? {
        RFC3339Timestamp(text).map { SigningTime(seconds: $0.seconds) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
