import JSONValue
/// Parses intrinsic function expressions.
struct IntrinsicParser {
    let chars: [Character]
    var pos = 0

    /// Parses a whole expression; it must be exactly one call.
    static func parse(_ text: String) throws(IntrinsicSyntaxError) -> IntrinsicCall {
        var parser = IntrinsicParser(chars: Array(text))
        parser.skipSpaces()
        let call = try parser.parseCall(depth: 1)
        parser.skipSpaces()
        guard parser.pos == parser.chars.count else { throw IntrinsicSyntaxError(message: "unexpected text after the call") }
        return call
    }

    /// True when `text` looks like an intrinsic call rather than a path.
    static func looksLikeCall(_ text: String) -> Bool { text.hasPrefix("States.") }

    var current: Character? { pos < chars.count ? chars[pos] : nil }
    mutating func skipSpaces() { while let c = current, c == " " || c == "\t" || c == "\n" { pos += 1 } }

    mutating func parseCall(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicCall {
        guard depth <= IntrinsicFunction.maxNesting else {
            throw IntrinsicSyntaxError(message: "intrinsic functions can be nested at most \(IntrinsicFunction.maxNesting) deep")
        }
        var name = ""
        while let c = current, c.isLetter || c.isNumber || c == "." || c == "_" { name.append(c); pos += 1 }
        guard IntrinsicFunction.arity[name] != nil else {
            throw IntrinsicSyntaxError(message: "unknown intrinsic function '\(name)'")
        }
        skipSpaces()
        guard current == "(" else { throw IntrinsicSyntaxError(message: "expected '(' after \(name)") }
        pos += 1
        var arguments: [IntrinsicArgument] = []
        skipSpaces()
        if current == ")" {
            pos += 1
        } else {
            while true {
                skipSpaces()
                arguments.append(try parseArgument(depth: depth))
                skipSpaces()
                guard let c = current else { throw IntrinsicSyntaxError(message: "missing ')'") }
                pos += 1
                if c == "," { continue }
                if c == ")" { break }
                throw IntrinsicSyntaxError(message: "unexpected '\(c)' in arguments")
            }
        }
        // The argument count is checked when the call runs: AWS accepts `States.Hash()` in a definition
        // and fails the execution with States.Runtime.
        return IntrinsicCall(name: name, arguments: arguments)
    }

    mutating func parseArgument(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicArgument {
        guard let c = current else { throw IntrinsicSyntaxError(message: "missing argument") }
        if c == "'" { return try parseString() }
        if c == "$" { return try parsePath() }
        var word = ""
        var i = pos
        while i < chars.count, !",) \t\n(".contains(chars[i]) { word.append(chars[i]); i += 1 }
        if word.hasPrefix("States.") { return .call(try parseCall(depth: depth + 1)) }
        pos = i
        switch word {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default:
            guard !word.isEmpty, let value = try? JSON(parsing: word), value.numberValue != nil else {
                throw IntrinsicSyntaxError(message: "invalid argument '\(word)'")
            }
            return .literal(value)
        }
    }

    /// A single-quoted literal; the only escapes are `\'`, `\{`, `\}` and `\\`.
    mutating func parseString() throws(IntrinsicSyntaxError) -> IntrinsicArgument {
        pos += 1
        var value = ""
        var raw = ""
        while let c = current {
            if c == "'" {
                pos += 1
                return .string(value: value, raw: raw)
            }
            if c == "\\" {
                guard pos + 1 < chars.count, "'{}\\".contains(chars[pos + 1]) else {
                    throw IntrinsicSyntaxError(message: "invalid escape sequence in string literal")
                }
                value.append(chars[pos + 1])
                raw.append(c)
                raw.append(chars[pos + 1])
                pos += 2
                continue
            }
            value.append(c)
            raw.append(c)
            pos += 1
        }
        throw IntrinsicSyntaxError(message: "unterminated string literal")
    }

    /// A path argument runs to the next top-level ',' or ')'.
    mutating func parsePath() throws(IntrinsicSyntaxError) -> IntrinsicArgument {
        var text = ""
        var brackets = 0
        var quote: Character? = nil
        while let c = current {
            if let q = quote {
                if c == "\\", pos + 1 < chars.count { text.append(c); text.append(chars[pos + 1]); pos += 2; continue }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                if brackets > 0 { quote = c }
            } else if c == "[" || c == "(" {
                brackets += 1
            } else if c == "]" || c == ")" {
                if brackets == 0 { break }
                brackets -= 1
            } else if (c == "," || c == " ") && brackets == 0 {
                break
            }
            text.append(c)
            pos += 1
        }
        do { return .path(try JSONPathParser.parse(text)) } catch {
            throw IntrinsicSyntaxError(message: "invalid path '\(text)': \(error.message)")
        }
    }
}
