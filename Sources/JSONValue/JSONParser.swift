extension JSON {
    /// Parses JSON text (RFC 8259; rejects trailing garbage). Numbers keep their text.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { (buffer) -> Result<JSON, JSONParseError> in
            var parser = JSONParser(buffer)
            do throws(JSONParseError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// Parses JSON from UTF-8 bytes (RFC 8259; rejects trailing garbage). Numbers keep their text.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let result = bytes.withUnsafeBufferPointer { (buffer) -> Result<JSON, JSONParseError> in
            var parser = JSONParser(buffer)
            do throws(JSONParseError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        self = try result.get()
    }
}

/// A byte-level recursive-descent JSON parser over a UTF-8 buffer.
struct JSONParser {
    static let maxDepth = 1000
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0
    /// Members and elements of the containers being parsed, innermost last; each container copies
    /// its own run out at its end, so it is allocated once at its exact size.
    var memberStack: [JSONObject.Member] = []
    var elementStack: [JSON] = []
    /// Bytes of the escaped string being decoded.
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos != bytes.count { throw fail("Unexpected trailing content") }
        return value
    }

    func fail(_ message: String) -> JSONParseError { JSONParseError(message, offset: pos) }

    func unexpected() -> JSONParseError {
        guard pos < bytes.count else { return fail("Unexpected end of input") }
        let b = bytes[pos]
        if b >= 0x20 && b < 0x7F { return fail("Unexpected character '\(Character(Unicode.Scalar(b)))'") }
        return fail("Unexpected byte 0x\(String(b, radix: 16))")
    }

    mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSON {
        guard pos < bytes.count else { throw fail("Unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected()
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard pos + count <= bytes.count else { throw fail("Invalid literal") }
        let w = word.utf8Start
        for i in 0..<count where bytes[pos + i] != w[i] { throw fail("Invalid literal") }
        pos += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("Nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    mutating func parseObject() throws(JSONParseError) -> JSON {
        try enter()
        pos += 1
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return .object(JSONObject()) }
        let base = memberStack.count
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw pos < bytes.count ? fail("Expected a string key") : fail("Unexpected end of input")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw pos < bytes.count ? fail("Expected ':'") : fail("Unexpected end of input") }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            memberStack.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard pos < bytes.count else { throw fail("Unexpected end of input") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw fail("Expected ',' or '}'")
        }
        let members = Array(memberStack[base...])
        memberStack.removeSubrange(base...)
        depth -= 1
        return .object(JSONObject(members: members))
    }

    mutating func parseArray() throws(JSONParseError) -> JSON {
        try enter()
        pos += 1
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return .array([]) }
        let base = elementStack.count
        while true {
            skipWhitespace()
            let value = try parseValue()
            elementStack.append(value)
            skipWhitespace()
            guard pos < bytes.count else { throw fail("Unexpected end of input") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw fail("Expected ',' or ']'")
        }
        let elements = Array(elementStack[base...])
        elementStack.removeSubrange(base...)
        depth -= 1
        return .array(elements)
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("Invalid number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw fail("Leading zeros are not allowed") }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("Invalid number: expected a digit after '.'") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("Invalid number: expected an exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        return JSONNumber(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self))
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
