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
}

enum FilterOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
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
        for op in [FilterOperator.eq, .ne, .le, .ge, .lt, .gt] where consume(op.rawValue) {
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
}
