import JSONValue
/// States.Format and States.UUID.
enum GenericIntrinsics {
    /// A template piece: literal text or a `{}` placeholder.
    enum Piece { case text(String), placeholder }

    /// Splits a Format template: `{}` is a placeholder, a backslash makes the next character literal (`\{`, `\}`, `\'`, `\\`).
    /// Any other unescaped brace (`{`, `}`, `{{}}`) makes the template invalid (nil), as on AWS.
    static func pieces(_ template: String, escapes: Bool) -> [Piece]? {
        var pieces: [Piece] = []
        var text = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if escapes, c == "\\", i + 1 < chars.count {
                text.append(chars[i + 1])
                i += 2
            } else if c == "{" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else { return nil }
                pieces.append(.text(text))
                text = ""
                pieces.append(.placeholder)
                i += 2
            } else if c == "}" {
                return nil
            } else {
                text.append(c)
                i += 1
            }
        }
        pieces.append(.text(text))
        return pieces
    }

    static func format(_ call: IntrinsicCall, _ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let parsed: [Piece]?
        if case .string(_, let raw) = call.arguments[0] {
            parsed = pieces(raw, escapes: true)
        } else {
            parsed = pieces(try a.string(0), escapes: false)
        }
        guard let template = parsed else { throw a.fail("unbalanced braces in the format string") }
        let placeholders = template.reduce(0) { n, p in if case .placeholder = p { n + 1 } else { n } }
        guard placeholders == a.count - 1 else {
            throw a.fail("the format string has \(placeholders) placeholder(s) but \(a.count - 1) argument(s) were given")
        }
        var out = ""
        var next = 1
        for piece in template {
            switch piece {
            case .text(let t): out += t
            case .placeholder:
                out += render(a[next])
                next += 1
            }
        }
        return .string(out)
    }

    /// A value as AWS prints it inside States.Format (Java `toString` style: `{a=1, b=[x, y]}`).
    static func render(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return s
        case .array(let a): return "[" + a.map(render).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { "\($0.key)=\(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A version 4 UUID drawn from the evaluation's random stream.
    static func uuid(using random: inout SplitMix64) -> JSON {
        var bytes = [UInt8](repeating: 0, count: 16)
        let hi = random.next(), lo = random.next()
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: hi >> (UInt64(i) * 8))
            bytes[i + 8] = UInt8(truncatingIfNeeded: lo >> (UInt64(i) * 8))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        return .string(groups.joined(separator: "-"))
    }
}
