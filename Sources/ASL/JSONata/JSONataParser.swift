/// A Pratt parser for JSONata with the reference implementation's binding powers.
/// Names become single-step paths; `.` joins paths, and `[...]` after a path step filters that step.
struct JSONataParser {
    private var lexer: JSONataLexer
    var token: JSONataToken = .end
    private var depth = 0

    static let maxDepth = 200

    /// Binding powers of the infix operators.
    static let bindingPower: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60,
        "^": 40, "..": 20, ":=": 10, "=": 40, "<": 40, ">": 40, "!=": 40, "<=": 40, ">=": 40, "~>": 40,
        "and": 30, "or": 25, "in": 40, "&": 50,
    ]

    /// Parses a whole expression.
    static func parse(_ source: String) throws(JSONataError) -> JSONataNode {
        var parser = JSONataParser(lexer: JSONataLexer(source))
        try parser.advance(operandExpected: true)
        let node = try parser.expression(0)
        guard parser.token == .end else { throw JSONataError.syntax(parser.token.text) }
        return node
    }

    private init(lexer: JSONataLexer) { self.lexer = lexer }

    mutating func advance(operandExpected: Bool) throws(JSONataError) {
        token = try lexer.next(operandExpected: operandExpected)
    }

    /// Consumes the current token, which ends an operand (so a following `/` divides).
    mutating func advanceAfterOperand() throws(JSONataError) { try advance(operandExpected: false) }

    /// Consumes the current token, which must be `symbol`.
    mutating func expect(_ symbol: String, operandNext: Bool = true) throws(JSONataError) {
        guard token == .symbol(symbol) else {
            if token == .end { throw JSONataError.expectedBeforeEnd(symbol) }
            throw JSONataError.expected(symbol, got: token.text)
        }
        try advance(operandExpected: operandNext)
    }

    func lbp(_ t: JSONataToken) -> Int {
        if case .symbol(let s) = t { return JSONataParser.bindingPower[s] ?? 0 }
        return 0
    }

    mutating func expression(_ rbp: Int) throws(JSONataError) -> JSONataNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < JSONataParser.maxDepth else { throw JSONataError("S0201", "Syntax error: expression nested too deeply") }
        let first = token
        var left = try nud(first)
        while rbp < lbp(token) {
            guard case .symbol(let op) = token else { break }
            try advance(operandExpected: true)
            left = try led(op, left)
        }
        return left
    }

    mutating func nud(_ t: JSONataToken) throws(JSONataError) -> JSONataNode {
        switch t {
        case .end: throw JSONataError.unexpectedEnd()
        case .number(let d):
            try advanceAfterOperand()
            return .number(d)
        case .string(let s):
            try advanceAfterOperand()
            return .string(s)
        case .value(let v):
            try advanceAfterOperand()
            return .value(v)
        case .regex(let pattern, let flags):
            try advanceAfterOperand()
            return .regex(try JSONataRegex(pattern: pattern, flags: flags))
        case .variable(let v):
            try advanceAfterOperand()
            return .variable(v)
        case .name(let n):
            try advanceAfterOperand()
            if n == "function" || n == "λ", token == .symbol("(") { return try lambda() }
            return .path(steps: [JSONataStep(node: .name(n))], keepArray: false)
        case .symbol(let s):
            try advance(operandExpected: true)
            return try prefix(s)
        }
    }

    mutating func prefix(_ s: String) throws(JSONataError) -> JSONataNode {
        switch s {
        case "-":
            let operand = try expression(70)
            if case .number(let d) = operand { return .number(-d) }
            return .negate(operand)
        case "*": return .path(steps: [JSONataStep(node: .wildcard)], keepArray: false)
        case "**": return .path(steps: [JSONataStep(node: .descendants)], keepArray: false)
        case "?": return .placeholder
        case "[":
            let items = try list(until: "]")
            return .array(items, cons: false)
        case "{": return .object(try pairs())
        case "(":
            var expressions: [JSONataNode] = []
            while token != .symbol(")") {
                expressions.append(try expression(0))
                guard token == .symbol(";") else { break }
                try advance(operandExpected: true)
            }
            try expect(")", operandNext: false)
            return .block(expressions)
        case "|":
            let location = try expression(0)
            try expect("|")
            let update = try expression(0)
            var delete: JSONataNode? = nil
            if token == .symbol(",") {
                try advance(operandExpected: true)
                delete = try expression(0)
            }
            try expect("|", operandNext: false)
            return .transform(location, update, delete)
        default:
            throw JSONataError("S0211", "The symbol \(JSONataError.quote(s)) cannot be used as a unary operator")
        }
    }

    /// Comma-separated expressions up to `close` (already past the opening symbol).
    mutating func list(until close: String) throws(JSONataError) -> [JSONataNode] {
        var items: [JSONataNode] = []
        while token != .symbol(close) {
            items.append(try expression(0))
            guard token == .symbol(",") else { break }
            try advance(operandExpected: true)
        }
        try expect(close, operandNext: false)
        return items
    }

    /// `key: value` pairs up to `}` (already past `{`).
    mutating func pairs() throws(JSONataError) -> [(JSONataNode, JSONataNode)] {
        var result: [(JSONataNode, JSONataNode)] = []
        while token != .symbol("}") {
            let key = try expression(0)
            try expect(":")
            let value = try expression(0)
            result.append((key, value))
            guard token == .symbol(",") else { break }
            try advance(operandExpected: true)
        }
        try expect("}", operandNext: false)
        return result
    }

    mutating func lambda() throws(JSONataError) -> JSONataNode {
        try expect("(")
        var parameters: [String] = []
        while token != .symbol(")") {
            guard case .variable(let name) = token else {
                throw JSONataError("S0208", "Parameter \(JSONataError.quote(token.text)) of function definition must be a variable name (start with $)")
            }
            parameters.append(name)
            try advanceAfterOperand()
            guard token == .symbol(",") else { break }
            try advance(operandExpected: true)
        }
        try expect(")")
        if token == .symbol("<") { try skipSignature() }
        try expect("{")
        let body = try expression(0)
        try expect("}", operandNext: false)
        return .lambda(JSONataLambdaNode(parameters: parameters, body: body))
    }

    /// Skips an optional type signature `<...>` after a lambda's parameters (types are not enforced).
    mutating func skipSignature() throws(JSONataError) {
        var nesting = 0
        repeat {
            if token == .symbol("<") { nesting += 1 }
            if token == .symbol(">") { nesting -= 1 }
            if token == .end { throw JSONataError.expectedBeforeEnd(">") }
            try advance(operandExpected: false)
        } while nesting > 0
    }
}
