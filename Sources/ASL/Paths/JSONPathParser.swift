/// Parses JSONPath text into `JSONPath`. In filter mode a path ends at whitespace or an operator.
struct JSONPathParser {
    let chars: [Character]
    var pos = 0
    let inFilter: Bool

    init(_ text: Substring, inFilter: Bool = false) {
        self.chars = Array(text)
        self.inFilter = inFilter
    }

    static func parse(_ text: String) throws(PathSyntaxError) -> JSONPath {
        var parser = JSONPathParser(text[...])
        let root = try parser.parseRoot()
        let steps = try parser.parseSteps()
        if parser.pos != parser.chars.count { throw PathSyntaxError(message: "unexpected '\(parser.chars[parser.pos])'") }
        return JSONPath(text: text, root: root, steps: steps)
    }

    var atEnd: Bool { pos >= chars.count }
    var current: Character? { pos < chars.count ? chars[pos] : nil }

    static func isVariableStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isVariableChar(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }

    mutating func parseRoot() throws(PathSyntaxError) -> PathRoot {
        guard current == "$" else { throw PathSyntaxError(message: "a path must start with '$'") }
        pos += 1
        if current == "$" { pos += 1; return .context }
        if let c = current, JSONPathParser.isVariableStart(c) {
            var name = ""
            while let c = current, JSONPathParser.isVariableChar(c) { name.append(c); pos += 1 }
            return .variable(name)
        }
        return .input
    }

    func endsFilterName(_ c: Character) -> Bool {
        inFilter && (c.isWhitespace || "=!<>&|)".contains(c))
    }

    mutating func parseSteps() throws(PathSyntaxError) -> [PathStep] {
        var steps: [PathStep] = []
        while let c = current {
            if inFilter && endsFilterName(c) { break }
            if c == "." {
                pos += 1
                var recursive = false
                if current == "." { recursive = true; pos += 1 }
                if current == "[" {
                    // `..[...]` searches descendants; `.[...]` is read as `[...]` (as Jayway JsonPath does).
                    steps.append(PathStep(recursive: recursive, selector: try parseBracket()))
                } else if current == "*" {
                    pos += 1
                    steps.append(PathStep(recursive: recursive, selector: .wildcard))
                } else {
                    let name = readDotName()
                    guard !name.isEmpty else { throw PathSyntaxError(message: "empty property name") }
                    steps.append(PathStep(recursive: recursive, selector: .name(name)))
                }
            } else if c == "[" {
                steps.append(PathStep(recursive: false, selector: try parseBracket()))
            } else {
                throw PathSyntaxError(message: "unexpected '\(c)'")
            }
        }
        return steps
    }

    mutating func readDotName() -> String {
        var name = ""
        while let c = current, c != ".", c != "[", !endsFilterName(c) {
            name.append(c)
            pos += 1
        }
        return name
    }

    mutating func skipSpaces() { while let c = current, c == " " { pos += 1 } }

    mutating func expect(_ c: Character) throws(PathSyntaxError) {
        skipSpaces()
        guard current == c else { throw PathSyntaxError(message: "expected '\(c)'") }
        pos += 1
    }

    mutating func parseBracket() throws(PathSyntaxError) -> PathSelector {
        pos += 1 // "["
        skipSpaces()
        guard let c = current else { throw PathSyntaxError(message: "unterminated '['") }
        if c == "*" { pos += 1; try expect("]"); return .wildcard }
        if c == "'" || c == "\"" {
            var names: [String] = []
            while true {
                skipSpaces()
                names.append(try readQuoted())
                skipSpaces()
                if current == "," { pos += 1; continue }
                try expect("]")
                break
            }
            return names.count == 1 ? .name(names[0]) : .names(names)
        }
        if c == "?" {
            pos += 1
            try expect("(")
            let start = pos
            let end = try matchingParen(from: start)
            let expression = try FilterParser.parse(chars[start..<end])
            pos = end + 1
            try expect("]")
            return .filter(expression)
        }
        if c == "(" { return try parseLengthOffset() }
        return try parseNumericBracket()
    }

    /// Reads a quoted name; only an escaped quote of the same kind is unescaped (AWS keeps other backslashes).
    mutating func readQuoted() throws(PathSyntaxError) -> String {
        guard let quote = current, quote == "'" || quote == "\"" else { throw PathSyntaxError(message: "expected a quoted name") }
        pos += 1
        var name = ""
        while let c = current {
            if c == "\\", pos + 1 < chars.count, chars[pos + 1] == quote {
                name.append(quote)
                pos += 2
                continue
            }
            if c == quote { pos += 1; return name }
            name.append(c)
            pos += 1
        }
        throw PathSyntaxError(message: "unterminated quoted name")
    }

    func matchingParen(from start: Int) throws(PathSyntaxError) -> Int {
        var depth = 1
        var i = start
        var quote: Character? = nil
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        throw PathSyntaxError(message: "unterminated filter expression")
    }

    mutating func parseLengthOffset() throws(PathSyntaxError) -> PathSelector {
        let end = try matchingParen(from: pos + 1)
        let inner = String(chars[(pos + 1)..<end]).filter { $0 != " " }
        guard inner.hasPrefix("@.length-"), let n = Int(inner.dropFirst("@.length-".count)), n > 0 else {
            throw PathSyntaxError(message: "unsupported script expression")
        }
        pos = end + 1
        try expect("]")
        return .lengthOffset(n)
    }

    mutating func parseNumericBracket() throws(PathSyntaxError) -> PathSelector {
        var text = ""
        while let c = current, c != "]" { text.append(c); pos += 1 }
        guard current == "]" else { throw PathSyntaxError(message: "unterminated '['") }
        pos += 1
        let compact = text.filter { $0 != " " }
        if compact.contains(":") {
            let parts = compact.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 3 else { throw PathSyntaxError(message: "invalid slice") }
            var values: [Int?] = []
            for part in parts {
                if part.isEmpty { values.append(nil); continue }
                guard let v = Int(part) else { throw PathSyntaxError(message: "invalid slice") }
                values.append(v)
            }
            let step = values.count == 3 ? values[2] : nil
            if step == 0 { throw PathSyntaxError(message: "slice step cannot be zero") }
            return .slice(start: values[0], end: values[1], step: step)
        }
        let parts = compact.split(separator: ",", omittingEmptySubsequences: false)
        var indexes: [Int] = []
        for part in parts {
            guard let v = Int(part) else { throw PathSyntaxError(message: "invalid array index '\(text)'") }
            indexes.append(v)
        }
        guard !indexes.isEmpty else { throw PathSyntaxError(message: "empty brackets") }
        return indexes.count == 1 ? .index(indexes[0]) : .indexes(indexes)
    }
}
