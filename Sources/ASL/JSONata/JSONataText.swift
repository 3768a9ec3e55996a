import JSONValue
/// Values as text: `$string`, string concatenation, and values quoted in messages.
enum JSONataText {
    /// `$string(value)`: strings as they are, numbers with 15 significant digits, other values as
    /// compact JSON (functions as `""`). Nil for a non-finite number.
    static func string(_ value: Value, pretty: Bool = false) -> String {
        switch value {
        case .json(.string(let s)): return s
        case .function: return ""
        default: return stringify(value, pretty: pretty)
        }
    }

    /// JSON text of a value, numbers rounded to 15 significant digits, functions as `""`.
    static func stringify(_ value: Value, pretty: Bool = false) -> String {
        var out = ""
        write(value, to: &out, pretty: pretty, indent: 0)
        return out
    }

    private static func write(_ value: Value, to out: inout String, pretty: Bool, indent: Int) {
        switch value {
        case .function: out += "\"\""
        case .number(let d): out += JSONataNumber.formatForString(d)
        case .json(.number(let n)):
            let d = n.double
            out += d.isFinite ? JSONataNumber.formatForString(d) : n.text
        case .json(.array(let a)): writeArray(a.map(Value.json), to: &out, pretty: pretty, indent: indent)
        case .array(let a): writeArray(a.items, to: &out, pretty: pretty, indent: indent)
        case .json(.object(let o)):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            var first = true
            for (k, v) in o {
                if !first { out += "," }
                first = false
                newline(&out, pretty, indent + 1)
                out += JSON.string(k).serialized()
                out += pretty ? ": " : ":"
                write(.json(v), to: &out, pretty: pretty, indent: indent + 1)
            }
            newline(&out, pretty, indent)
            out += "}"
        case .json(let j): out += j.serialized()
        }
    }

    private static func writeArray(_ items: [Value], to out: inout String, pretty: Bool, indent: Int) {
        if items.isEmpty { out += "[]"; return }
        out += "["
        for (i, v) in items.enumerated() {
            if i > 0 { out += "," }
            newline(&out, pretty, indent + 1)
            write(v, to: &out, pretty: pretty, indent: indent + 1)
        }
        newline(&out, pretty, indent)
        out += "]"
    }

    private static func newline(_ out: inout String, _ pretty: Bool, _ indent: Int) {
        guard pretty else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }
}
