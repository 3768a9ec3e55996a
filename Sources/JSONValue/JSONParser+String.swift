extension JSONParser {
    /// Parses a string literal starting at the opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        let start = pos
        var high: UInt8 = 0
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<pos])
                pos += 1
                return try makeString(slice, ascii: high < 0x80, errorOffset: start)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("Unescaped control character in string") }
            high |= b
            pos += 1
        }
        guard pos < bytes.count else { throw JSONParseError("Unterminated string", offset: start - 1) }
        // Reuse one scratch buffer for all escaped strings of this parse (taken out to keep access exclusive).
        var buffer = scratch
        scratch = []
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        let result = try parseEscapedString(into: &buffer, start: start, high: high)
        scratch = buffer
        return result
    }

    private func makeString(_ slice: UnsafeBufferPointer<UInt8>, ascii: Bool, errorOffset: Int) throws(JSONParseError) -> String {
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw JSONParseError("Invalid UTF-8 in string", offset: errorOffset)
        }
        return s
    }

    /// Slow path: the string has escapes; `buffer` holds the bytes before the first one.
    private mutating func parseEscapedString(into buffer: inout [UInt8], start: Int, high: UInt8) throws(JSONParseError) -> String {
        var high = high
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                let ascii = high < 0x80
                return try buffer.withUnsafeBufferPointer { (p) throws(JSONParseError) -> String in
                    try makeString(p, ascii: ascii, errorOffset: start)
                }
            }
            if b < 0x20 { throw fail("Unescaped control character in string") }
            if b != UInt8(ascii: "\\") {
                // Copy the run up to the next quote, backslash or control character in one go.
                let runStart = pos
                high |= b
                pos += 1
                while pos < bytes.count {
                    let c = bytes[pos]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                    high |= c
                    pos += 1
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
                continue
            }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                try appendUnicodeEscape(into: &buffer)
                high |= buffer[buffer.count - 1]
            default:
                pos -= 1
                throw fail("Invalid escape sequence")
            }
        }
        throw JSONParseError("Unterminated string", offset: start - 1)
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("Invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw fail("Invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            pos += 1
        }
        return value
    }

    private mutating func appendUnicodeEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        var code = try readHex4()
        if code >= 0xD800 && code < 0xDC00 {
            // A high surrogate must be followed by an escaped low surrogate.
            guard pos + 2 <= bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                throw fail("Unpaired surrogate in \\u escape")
            }
            pos += 2
            let low = try readHex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw fail("Unpaired surrogate in \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if code >= 0xDC00 && code < 0xE000 {
            throw fail("Unpaired surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("Invalid \\u escape") }
        buffer.append(contentsOf: UTF8.encode(scalar)!)
    }
}
