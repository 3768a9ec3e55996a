import JSONValue
/// One JSONata token.
enum JSONataToken: Equatable, Sendable {
    /// An operator or punctuation symbol, including the word operators `and`, `or`, `in`.
    case symbol(String)
    case string(String)
    case number(Double)
    /// A field name (plain or in backticks).
    case name(String)
    /// `$name`; `$` alone is `""`, `$$` is `"$"`.
    case variable(String)
    /// `true`, `false`, `null`.
    case value(JSON)
    case regex(pattern: String, flags: String)
    case end

    /// The token as JSONata's syntax-error messages show it.
    var text: String {
        switch self {
        case .symbol(let s), .name(let s): s
        case .string(let s): s
        case .number(let d): JSONataNumber.format(d)
        case .variable(let v): "$" + v
        case .value(let v): v.serialized()
        case .regex(let p, _): "/\(p)/"
        case .end: "(end)"
        }
    }
}

/// Splits a JSONata expression into tokens on demand. A `/` starts a regular expression
/// when an operand is expected, and is the division operator otherwise.
struct JSONataLexer {
    private let chars: [Character]
    private(set) var position = 0

    init(_ source: String) { chars = Array(source) }

    static let twoCharSymbols: Set<String> = ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"]
    static let oneCharSymbols: Set<Character> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "^", "=", "<", ">", "&", "!", "~",
    ]

    private static func isNameTerminator(_ c: Character) -> Bool {
        c.isWhitespace || oneCharSymbols.contains(c) || c == "\"" || c == "'" || c == "`"
    }

    /// Reads the next token; `operandExpected` decides whether `/` begins a regex.
    mutating func next(operandExpected: Bool) throws(JSONataError) -> JSONataToken {
        try skipWhitespaceAndComments()
        guard position < chars.count else { return .end }
        let c = chars[position]
        if c == "/" && operandExpected { return try regex() }
        if position + 1 < chars.count {
            let pair = String([c, chars[position + 1]])
            if JSONataLexer.twoCharSymbols.contains(pair) {
                position += 2
                return .symbol(pair)
            }
        }
        if JSONataLexer.oneCharSymbols.contains(c) {
            position += 1
            return .symbol(String(c))
        }
        if c == "\"" || c == "'" { return .string(try string(quote: c)) }
        if c == "`" {
            guard let close = chars[(position + 1)...].firstIndex(of: "`") else {
                throw JSONataError("S0105", "Quoted property name must be terminated with a backquote (`)")
            }
            let name = String(chars[(position + 1)..<close])
            position = close + 1
            return .name(name)
        }
        if c.isASCII, let digit = c.asciiValue, digit >= 48, digit <= 57 { return try number() }
        if c == "$" {
            position += 1
            return .variable(readName())
        }
        let name = readName()
        switch name {
        case "and", "or", "in": return .symbol(name)
        case "true": return .value(.bool(true))
        case "false": return .value(.bool(false))
        case "null": return .value(.null)
        default: return .name(name)
        }
    }

    private mutating func readName() -> String {
        let start = position
        while position < chars.count, !JSONataLexer.isNameTerminator(chars[position]) { position += 1 }
        return String(chars[start..<position])
    }

    private mutating func skipWhitespaceAndComments() throws(JSONataError) {
        while position < chars.count {
            if chars[position].isWhitespace {
                position += 1
            } else if chars[position] == "/", position + 1 < chars.count, chars[position + 1] == "*" {
                var i = position + 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                guard i + 1 < chars.count else { throw JSONataError("S0106", "Comment has no closing tag") }
                position = i + 2
            } else {
                return
            }
        }
    }

    private mutating func number() throws(JSONataError) -> JSONataToken {
        let start = position
        func digits() { while position < chars.count, let a = chars[position].asciiValue, a >= 48, a <= 57 { position += 1 } }
        func isDigit(_ i: Int) -> Bool { i < chars.count && (chars[i].asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false) }
        if chars[position] == "0" { position += 1 } else { digits() }
        if position < chars.count, chars[position] == ".", isDigit(position + 1) {
            position += 1
            digits()
        }
        if position < chars.count, chars[position] == "e" || chars[position] == "E" {
            var i = position + 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
            if isDigit(i) {
                position = i
                digits()
            }
        }
        let text = String(chars[start..<position])
        guard let value = Double(text), value.isFinite else { throw JSONataError("S0102", "Number out of range: \(text)") }
        return .number(value)
    }

    private mutating func string(quote: Character) throws(JSONataError) -> String {
        position += 1
        var out = String.UnicodeScalarView()
        var pendingHigh: UInt32? = nil
        while position < chars.count {
            let c = chars[position]
            position += 1
            if c == quote {
                return String(out)
            }
            guard c == "\\" else {
                out.append(contentsOf: c.unicodeScalars)
                continue
            }
            guard position < chars.count else { break }
            let e = chars[position]
            position += 1
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                guard position + 4 <= chars.count, let code = UInt32(String(chars[position..<(position + 4)]), radix: 16) else {
                    throw JSONataError("S0104", "The escape sequence \\u must be followed by 4 hex digits")
                }
                position += 4
                if code >= 0xD800 && code < 0xDC00 {
                    pendingHigh = code
                    continue
                }
                if code >= 0xDC00 && code < 0xE000, let high = pendingHigh {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    if let scalar = Unicode.Scalar(combined) { out.append(scalar) }
                } else if let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                } else {
                    out.append("\u{FFFD}")
                }
            default:
                throw JSONataError("S0103", "Unsupported escape sequence: \\\(e)")
            }
            pendingHigh = nil
        }
        throw JSONataError("S0101", "String literal must be terminated by a matching quote")
    }

    private mutating func regex() throws(JSONataError) -> JSONataToken {
        position += 1
        let start = position
        var depth = 0
        while position < chars.count {
            let c = chars[position]
            if c == "/" && depth == 0 {
                let pattern = String(chars[start..<position])
                guard !pattern.isEmpty else { throw JSONataError("S0301", "Empty regular expressions are not allowed") }
                position += 1
                var flags = ""
                while position < chars.count, chars[position] == "i" || chars[position] == "m" {
                    flags.append(chars[position])
                    position += 1
                }
                return .regex(pattern: pattern, flags: flags)
            }
            if c == "\\" { position += 1 }
            if c == "[" { depth += 1 }
            if c == "]", depth > 0 { depth -= 1 }
            position += 1
        }
        throw JSONataError("S0302", "No terminating / in regular expression")
    }
}
