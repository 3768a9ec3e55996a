import JSONValue
/// A built-in function: its name, JSONata signature and implementation.
struct JSONataBuiltin: Sendable {
    typealias Body = @Sendable (JSONataEvaluator, [Value?]) throws(JSONataError) -> Value?

    /// One parameter of a signature such as `<s-nn?:s>`.
    struct Parameter: Sendable {
        /// Accepted type symbols: `b n s l a o f j x`.
        var types: Set<Character>
        var optional = false
        /// `-`: taken from the context value when not supplied.
        var context = false
        /// `+`: one or more.
        var variadic = false
        /// `a<n>`: required member type of an array parameter.
        var memberType: Character? = nil

        var isArray: Bool { types == ["a"] }
    }

    let name: String
    let parameters: [Parameter]
    let body: Body

    init(_ name: String, _ signature: String, _ body: @escaping Body) {
        self.name = name
        self.parameters = JSONataBuiltin.parseSignature(signature)
        self.body = body
    }

    /// Parses the parameter part of a signature (`<...:r>`; the return type is ignored).
    static func parseSignature(_ signature: String) -> [Parameter] {
        var chars = Array(signature)
        if chars.first == "<" { chars.removeFirst() }
        if let colon = chars.lastIndex(of: ":") {
            chars = Array(chars[..<colon])
        } else if chars.last == ">" {
            chars.removeLast()
        }
        var params: [Parameter] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "(":
                var types = Set<Character>()
                i += 1
                while i < chars.count, chars[i] != ")" { types.insert(chars[i]); i += 1 }
                params.append(Parameter(types: types))
            case "?": params[params.count - 1].optional = true
            case "-": params[params.count - 1].context = true
            case "+": params[params.count - 1].variadic = true
            case "<":
                i += 1
                params[params.count - 1].memberType = chars[i]
                while i < chars.count, chars[i] != ">" { i += 1 }
            default: params.append(Parameter(types: [c]))
            }
            i += 1
        }
        return params
    }

    static func symbol(_ v: Value) -> Character {
        switch v {
        case .json(.null): "l"
        case .json(.bool): "b"
        case .json(.number), .number: "n"
        case .json(.string): "s"
        case .json(.array), .array: "a"
        case .json(.object): "o"
        case .function: "f"
        }
    }

    private static func accepts(_ p: Parameter, _ v: Value) -> Bool {
        let s = symbol(v)
        if p.types.contains("x") { return true }
        if p.types.contains("j") { return s != "f" }
        if p.types.contains("a") { return true }
        return p.types.contains(s)
    }

    /// Checks arguments against the signature, fills a missing context argument, wraps single
    /// values given for array parameters; the result has one entry per parameter (more for `+`).
    func validate(_ supplied: [Value?], context: Value?) throws(JSONataError) -> [Value?] {
        var args = supplied
        let required = parameters.filter { !$0.optional }.count
        var usedContext = false
        if let first = parameters.first, first.context,
           args.count < required || (args.count < parameters.count && args[0].map { !JSONataBuiltin.accepts(first, $0) } ?? false) {
            args.insert(context, at: 0)
            usedContext = true
        }
        let variadic = parameters.last?.variadic ?? false
        if !variadic && args.count > parameters.count {
            throw JSONataError.argumentMismatch(parameters.count + 1, name)
        }
        if args.count < required {
            throw JSONataError.argumentMismatch(args.count + 1, name)
        }
        for i in args.indices {
            let p = i < parameters.count ? parameters[i] : parameters[parameters.count - 1]
            guard let arg = args[i] else { continue }
            guard JSONataBuiltin.accepts(p, arg) else {
                if usedContext && i == 0 { throw JSONataError.contextMismatch(1, name) }
                throw JSONataError.argumentMismatch(i + 1, name)
            }
            if p.isArray {
                let items = arg.items ?? [arg]
                if let member = p.memberType {
                    for item in items where JSONataBuiltin.symbol(item) != member {
                        throw JSONataError.arrayOf(i + 1, name, JSONataBuiltin.memberTypeNames[member] ?? "values")
                    }
                }
                if !arg.isArray { args[i] = .list([arg]) }
            }
        }
        while args.count < parameters.count { args.append(nil) }
        return args
    }

    static let memberTypeNames: [Character: String] = ["a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings"]

    /// `$append`-style concatenation: undefined is ignored, single values become one-item arrays.
    static func append(_ a: Value?, _ b: Value?) -> Value? {
        guard let a else { return b }
        guard let b else { return a }
        return .list((a.items ?? [a]) + (b.items ?? [b]))
    }

    /// A stable merge sort; `after(a, b)` says a must come after b.
    static func mergeSort<T>(_ items: [T], _ after: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
        guard items.count > 1 else { return items }
        let mid = items.count / 2
        let left = try mergeSort(Array(items[..<mid]), after)
        let right = try mergeSort(Array(items[mid...]), after)
        var out: [T] = []
        out.reserveCapacity(items.count)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if try after(left[i], right[j]) { out.append(right[j]); j += 1 } else { out.append(left[i]); i += 1 }
        }
        out.append(contentsOf: left[i...])
        out.append(contentsOf: right[j...])
        return out
    }
}
