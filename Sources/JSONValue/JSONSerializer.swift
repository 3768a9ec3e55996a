extension JSON {
    /// Compact text as AWS prints it: no spaces, key order kept, numbers as written,
    /// non-ASCII kept as UTF-8, "/" not escaped, control chars escaped.
    public func serialized() -> String {
        var out = ByteWriter()
        JSONSerializer.write(self, to: &out)
        return out.string()
    }

    /// The compact serialization as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        var out = ByteWriter()
        JSONSerializer.write(self, to: &out)
        return out.bytes()
    }
}

/// Writes JSON values as compact UTF-8 text.
enum JSONSerializer {
    static func write(_ value: JSON, to out: inout ByteWriter) {
        switch value {
        case .null: out.write("null" as StaticString)
        case .bool(let b): out.write(b ? "true" as StaticString : "false")
        case .number(let n): out.write(n.text)
        case .string(let s): writeString(s, to: &out)
        case .array(let a):
            out.write(UInt8(ascii: "["))
            var first = true
            for element in a {
                if !first { out.write(UInt8(ascii: ",")) }
                first = false
                write(element, to: &out)
            }
            out.write(UInt8(ascii: "]"))
        case .object(let o):
            out.write(UInt8(ascii: "{"))
            var first = true
            for (key, element) in o {
                if !first { out.write(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &out)
                out.write(UInt8(ascii: ":"))
                write(element, to: &out)
            }
            out.write(UInt8(ascii: "}"))
        }
    }

    static let hexDigits: StaticString = "0123456789abcdef"

    static func writeString(_ s: String, to out: inout ByteWriter) {
        var s = s
        s.withUTF8 { writeString($0, to: &out) }
    }

    /// Writes UTF-8 `bytes` as a JSON string literal.
    static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) {
        out.write(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if runStart < i { out.write(UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            out.write(UInt8(ascii: "\\"))
            switch b {
            case 0x22: out.write(0x22)
            case 0x5C: out.write(0x5C)
            case 0x08: out.write(UInt8(ascii: "b"))
            case 0x0C: out.write(UInt8(ascii: "f"))
            case 0x0A: out.write(UInt8(ascii: "n"))
            case 0x0D: out.write(UInt8(ascii: "r"))
            case 0x09: out.write(UInt8(ascii: "t"))
            default:
                out.write("u00" as StaticString)
                out.write(hexDigits.utf8Start[Int(b >> 4)])
                out.write(hexDigits.utf8Start[Int(b & 0xF)])
            }
        }
        if runStart < bytes.count { out.write(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        out.write(UInt8(ascii: "\""))
    }
}
