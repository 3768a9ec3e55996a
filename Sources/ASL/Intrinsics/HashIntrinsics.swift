import JSONValue
/// States.Hash: MD5, SHA-1, SHA-256, SHA-384, SHA-512 as lowercase hex.
enum HashIntrinsics {
    /// The longest input States.Hash accepts, in characters.
    static let maxInputCharacters = 10_000
    static let algorithms = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]

    static func hash(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let data: String
        if case .string(let s) = a[0] { data = s } else { data = a[0].serialized() }
        let algorithm = try a.string(1)
        guard data.count <= maxInputCharacters else {
            throw a.fail("the input must be at most \(maxInputCharacters) characters")
        }
        guard let digest = digest(data, algorithm: algorithm) else {
            throw a.fail("the hash algorithm must be one of \(algorithms.joined(separator: ", ")), but was '\(algorithm)'")
        }
        return .string(digest)
    }

    /// The lowercase hex digest of `data`'s UTF-8 bytes, or nil for an unknown algorithm.
    /// Shared by States.Hash and JSONata's `$hash`.
    static func digest(_ data: String, algorithm: String) -> String? {
        let bytes = Array(data.utf8)
        switch algorithm {
        case "MD5": return hex(MD5.hash(bytes))
        case "SHA-1": return hex(SHA1.hash(bytes))
        case "SHA-256": return hex(SHA256.hash(bytes))
        case "SHA-384": return hex(SHA512.hash(bytes, variant: .sha384))
        case "SHA-512": return hex(SHA512.hash(bytes, variant: .sha512))
        default: return nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Merkle–Damgård padding: 0x80, zeros, then the bit length big- or little-endian.
    static func pad(_ message: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool) -> [UInt8] {
        var m = message
        let bitLength = UInt64(message.count) &* 8
        m.append(0x80)
        while m.count % blockSize != blockSize - lengthBytes { m.append(0) }
        var lengthField = [UInt8](repeating: 0, count: lengthBytes)
        for i in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))
            if bigEndian { lengthField[lengthBytes - 1 - i] = byte } else { lengthField[i] = byte }
        }
        m.append(contentsOf: lengthField)
        return m
    }
}
