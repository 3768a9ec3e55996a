/// Date/time functions over a clock the caller supplies (`$now $millis $fromMillis $toMillis`; pictures
/// for formatting as `JSONataDatePicture` supports, parsing ISO 8601 only) and URL encoding (`$encodeUrl $encodeUrlComponent $decodeUrl $decodeUrlComponent`).
enum JSONataDateURLFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("millis", "<:n>") { (e, _) throws(JSONataError) in .number(Double(try clock(e))) },
        JSONataBuiltin("now", "<s?s?:s>") { (e, a) throws(JSONataError) in
            try formatted(try clock(e), a[0], a[1])
        },
        JSONataBuiltin("fromMillis", "<n-s?s?:s>") { (_, a) throws(JSONataError) in
            guard let ms = a[0]?.double else { return nil }
            return try formatted(Int64(JSONataNumber.int(ms.rounded(.down))), a[1], a[2])
        },
        JSONataBuiltin("toMillis", "<s-s?:n>") { (_, a) throws(JSONataError) in
            guard let text = a[0]?.string else { return nil }
            try noPicture(a[1], "toMillis")
            guard let t = RFC3339Timestamp(text) else {
                throw JSONataError("D3110", "Unable to cast value to a decimal number: \(JSONataError.quote(text))")
            }
            return .number(Double(t.seconds) * 1000 + Double(t.nanoseconds / 1_000_000))
        },
        JSONataBuiltin("encodeUrlComponent", "<s-:s>") { (_, a) throws(JSONataError) in
            a[0]?.string.map { .string(encode($0, keep: unreservedComponent)) }
        },
        JSONataBuiltin("encodeUrl", "<s-:s>") { (_, a) throws(JSONataError) in
            a[0]?.string.map { .string(encode($0, keep: unreservedComponent.union(Set(";,/?:@&=+$#".utf8)))) }
        },
        JSONataBuiltin("decodeUrlComponent", "<s-:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string else { return nil }
            return .string(try decode(s))
        },
        JSONataBuiltin("decodeUrl", "<s-:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string else { return nil }
            return .string(try decode(s))
        },
    ]

    private static func clock(_ e: JSONataEvaluator) throws(JSONataError) -> Int64 {
        guard let now = e.nowMilliseconds else {
            throw JSONataError("D3137", "The current time is not available to this evaluation")
        }
        return now
    }

    /// ISO 8601 text, or the picture's layout in the given timezone.
    private static func formatted(_ ms: Int64, _ picture: Value?, _ zone: Value?) throws(JSONataError) -> Value {
        guard let picture = picture?.string else {
            guard zone == nil else { return .string(try JSONataDatePicture.format(milliseconds: ms, picture: isoPicture, offsetMinutes: try offset(zone))) }
            return .string(RFC3339Timestamp.format(milliseconds: ms))
        }
        return .string(try JSONataDatePicture.format(milliseconds: ms, picture: picture, offsetMinutes: try offset(zone)))
    }

    static let isoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    private static func offset(_ zone: Value?) throws(JSONataError) -> Int {
        guard let minutes = JSONataDatePicture.offsetMinutes(zone?.string) else {
            throw JSONataError("D3134", "The timezone integer format specifier cannot have more than four digits")
        }
        return minutes
    }

    private static func noPicture(_ picture: Value?, _ name: String) throws(JSONataError) {
        guard picture == nil else {
            throw JSONataError("D3137", "Picture strings are not supported by $\(name); the result is ISO 8601")
        }
    }

    /// JavaScript's `encodeURIComponent` keeps `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
    static let unreservedComponent: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)

    static func encode(_ s: String, keep: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            if keep.contains(b) { out.append(b) } else { out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String) throws(JSONataError) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else {
                    throw JSONataError("D3140", "Malformed URL passed to $decodeUrlComponent(): \(JSONataError.quote(s))")
                }
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw JSONataError("D3140", "Malformed URL passed to $decodeUrlComponent(): \(JSONataError.quote(s))")
        }
        return text
    }
}
