import JSONValue
/// A filter `[?( ... )]` expression: comparisons of `@`/`$` paths and literals joined by `&&`, `||`, `!`.
indirect enum FilterExpression: Sendable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    case exists(FilterOperand)
    case compare(FilterOperand, FilterOperator, FilterOperand)
}

/// One side of a filter comparison.
enum FilterOperand: Sendable {
    /// `@...` (relative to the current element) or `$...` (absolute).
    case path(relative: Bool, JSONPath)
    case literal(JSON)
    /// `/pattern/flags`.
    case regex(pattern: String, caseInsensitive: Bool)
}

/// Comparison operators, including Jayway's word operators and regex match.
enum FilterOperator: String, Sendable, CaseIterable {
    case eq = "==", ne = "!=", le = "<=", ge = ">=", lt = "<", gt = ">", regex = "=~"
    case inList = "in", notInList = "nin", subsetOf = "subsetof", anyOf = "anyof", noneOf = "noneof"
    case size = "size", empty = "empty"

    var isWord: Bool { rawValue.first?.isLetter ?? false }
}

/// Parses the text between `[?(` and `)]`.
struct FilterParser {
    let chars: [Character]
    var pos = 0

    static func parse(_ chars: ArraySlice<Character>) throws(PathSyntaxError) -> FilterExpression {
        var parser = FilterParser(chars: Array(chars))
        let expression = try parser.parseOr()
        parser.skipSpaces()
        guard parser.pos == parser.chars.count else { throw PathSyntaxError(message: "invalid filter expression") }
        return expression
    }

    var current: Character? { pos < chars.count ? chars[pos] : nil }
    mutating func skipSpaces() { while let c = current, c.isWhitespace { pos += 1 } }

    mutating func consume(_ token: String) -> Bool {
        skipSpaces()
        let t = Array(token)
        guard pos + t.count <= chars.count, Array(chars[pos..<(pos + t.count)]) == t else { return false }
        pos += t.count
        return true
    }

    /// Consumes a word operator followed by a space or an opening bracket/quote.
    mutating func consumeWord(_ word: String) -> Bool {
        let saved = pos
        guard consume(word) else { return false }
        if let c = current, c.isWhitespace || c == "[" || c == "'" || c == "\"" || c == "@" || c == "$" { return true }
        pos = saved
        return false
    }

    mutating func parseOr() throws(PathSyntaxError) -> FilterExpression {
        var left = try parseAnd()
        while consume("||") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(PathSyntaxError) -> FilterExpression {
        var left = try parseUnary()
        while consume("&&") { left = .and(left, try parseUnary()) }
        return left
    }

    mutating func parseUnary() throws(PathSyntaxError) -> FilterExpression {
        skipSpaces()
        if current == "!" && (pos + 1 >= chars.count || chars[pos + 1] != "=") {
            pos += 1
            return .not(try parseUnary())
        }
        if current == "(" {
            pos += 1
            let inner = try parseOr()
            guard consume(")") else { throw PathSyntaxError(message: "expected ')' in filter") }
            return inner
        }
        let left = try parseOperand()
        // "=~" before "==" would not matter, but "<=" must be tried before "<".
        for op in [FilterOperator.regex, .eq, .ne, .le, .ge, .lt, .gt] where consume(op.rawValue) {
            return .compare(left, op, try parseOperand())
        }
        for op in FilterOperator.allCases where op.isWord && consumeWord(op.rawValue) {
            return .compare(left, op, try parseOperand())
        }
        return .exists(left)
    }

    mutating func parseOperand() throws(PathSyntaxError) -> FilterOperand {
        skipSpaces()
        guard let c = current else { throw PathSyntaxError(message: "incomplete filter expression") }
        if c == "@" || c == "$" {
            var sub = JSONPathParser(String(chars[pos...])[...], inFilter: true)
            let root: PathRoot
            if c == "@" { sub.pos = 1; root = .input } else { root = try sub.parseRoot() }
            let steps = try sub.parseSteps()
            let text = String(chars[pos..<(pos + sub.pos)])
            pos += sub.pos
            return .path(relative: c == "@", JSONPath(text: text, root: root, steps: steps))
        }
        if c == "'" || c == "\"" {
            pos += 1
            var s = ""
            while let d = current, d != c {
                if d == "\\", pos + 1 < chars.count { s.append(chars[pos + 1]); pos += 2; continue }
                s.append(d)
                pos += 1
            }
            guard current == c else { throw PathSyntaxError(message: "unterminated string in filter") }
            pos += 1
            return .literal(.string(s))
        }
        if c == "[" { return .literal(try parseArrayLiteral()) }
        if c == "/" { return try parseRegex() }
        var word = ""
        while let d = current, !d.isWhitespace, !"=!<>&|()".contains(d) { word.append(d); pos += 1 }
        switch word {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default:
            guard !word.isEmpty, (try? JSON(parsing: word))?.numberValue != nil else {
                throw PathSyntaxError(message: "invalid filter operand '\(word)'")
            }
            return .literal(.number(JSONNumber(text: word)))
        }
    }

    /// `['a', 1, true]`: a list of literals.
    mutating func parseArrayLiteral() throws(PathSyntaxError) -> JSON {
        pos += 1
        var items: [JSON] = []
        skipSpaces()
        if current == "]" { pos += 1; return .array(items) }
        while true {
            guard case .literal(let v) = try parseOperand() else { throw PathSyntaxError(message: "only literals are allowed in a list") }
            items.append(v)
            skipSpaces()
            if current == "," { pos += 1; continue }
            if current == "]" { pos += 1; return .array(items) }
            throw PathSyntaxError(message: "unterminated list in filter")
        }
    }

    /// `/pattern/` with an optional `i` flag.
    mutating func parseRegex() throws(PathSyntaxError) -> FilterOperand {
        pos += 1
        var pattern = ""
        while let c = current, c != "/" {
            if c == "\\", pos + 1 < chars.count, chars[pos + 1] == "/" { pattern.append("/"); pos += 2; continue }
            pattern.append(c)
            pos += 1
        }
        guard current == "/" else { throw PathSyntaxError(message: "unterminated regular expression") }
        pos += 1
        var caseInsensitive = false
        while let c = current, c.isLetter {
            if c == "i" { caseInsensitive = true }
            pos += 1
        }
        guard FilterRegex.isValid(pattern) else { throw PathSyntaxError(message: "invalid regular expression") }
        return .regex(pattern: pattern, caseInsensitive: caseInsensitive)
    }
}
