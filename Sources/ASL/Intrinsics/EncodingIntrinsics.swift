import JSONValue
/// States.Base64Encode and States.Base64Decode (standard alphabet with padding, UTF-8 text).
enum EncodingIntrinsics {
    /// The longest input either function accepts, in characters.
    static let maxInputCharacters = 10_000
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64Encode(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try a.string(0)
        guard text.count <= maxInputCharacters else {
            throw a.fail("the input must be at most \(maxInputCharacters) characters")
        }
        return .string(encode(Array(text.utf8)))
    }

    static func base64Decode(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try a.string(0)
        guard text.count <= maxInputCharacters else {
            throw a.fail("the input must be at most \(maxInputCharacters) characters")
        }
        // Observed on AWS: decoding is lenient (characters outside the alphabet are skipped, short input
        // decodes what it can) and bytes that are not UTF-8 come out as U+FFFD.
        return .string(String(decoding: decode(text), as: UTF8.self))
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sextet(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Decodes Base64 leniently: only alphabet characters count; a trailing partial group yields what it can.
    static func decode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            guard let v = sextet(c) else { continue }
            acc = (acc << 6 | v) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
