/// Number text as JavaScript writes it (JSONata runs on JavaScript numbers), without Foundation.
enum JSONataNumber {
    /// Shortest round-trip digits and the decimal exponent: value = 0.d1d2d3... × 10^exponent.
    static func decompose(_ value: Double) -> (digits: [UInt8], exponent: Int) {
        // Swift's description is the shortest round-trip form, e.g. "123.45", "1e-07", "1.5e+20".
        let text = "\(abs(value))"
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointIndex: Int? = nil
        for c in mantissa {
            if c == "." { pointIndex = digits.count; continue }
            if let a = c.asciiValue, a >= 48, a <= 57 { digits.append(a - 48) }
        }
        var point = (pointIndex ?? digits.count) + exp
        while let first = digits.first, first == 0, digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }

    /// JavaScript `Number.prototype.toString()`: `1`, `0.5`, `1e+21`, `1e-7`, `123456789012345680000`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if abs(value) < 1e15, value == value.rounded() { return String(Int64(value)) }
        let (digits, n) = decompose(value)
        return (value < 0 ? "-" : "") + render(digits, n)
    }

    /// Lays out digits with decimal exponent `n` following ECMAScript Number::toString.
    static func render(_ digits: [UInt8], _ n: Int) -> String {
        let k = digits.count
        let d = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if k <= n && n <= 21 { return d + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 {
            let i = d.index(d.startIndex, offsetBy: n)
            return d[..<i] + "." + d[i...]
        }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + d }
        let e = n - 1
        let expText = e < 0 ? "-\(-e)" : "+\(e)"
        if k == 1 { return d + "e" + expText }
        return String(d.prefix(1)) + "." + d.dropFirst() + "e" + expText
    }

    /// An integer from a double without trapping: truncated toward zero, NaN as 0, clamped to ±2^53.
    static func int(_ d: Double) -> Int {
        guard !d.isNaN else { return 0 }
        return Int(max(-9_007_199_254_740_992, min(9_007_199_254_740_992, d.rounded(.towardZero))))
    }

    /// `Number(value.toPrecision(15))`: what `$string` and string concatenation print for non-integers.
    static func roundedTo15(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        var (digits, n) = decompose(value)
        guard digits.count > 15 else { return value }
        let roundUp = digits[15] >= 5
        digits = Array(digits.prefix(15))
        if roundUp {
            var i = 14
            while i >= 0 {
                if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
            }
            if i < 0 { digits.insert(1, at: 0); digits.removeLast(); n += 1 }
        }
        let text = "0." + String(decoding: digits.map { $0 + 48 }, as: UTF8.self) + "e\(n)"
        let magnitude = Double(text) ?? value
        return value < 0 ? -magnitude : magnitude
    }

    /// Number text for `$string`/`&`: 15 significant digits, JavaScript layout.
    static func formatForString(_ value: Double) -> String { format(roundedTo15(value)) }

    /// Parses a number as `$number` accepts it: JSON number syntax, or `0x`/`0o`/`0b` integers.
    static func parse(_ text: String) -> Double? {
        let t = text
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return Int(t.dropFirst(2), radix: 16).map(Double.init) }
        if t.hasPrefix("0o") || t.hasPrefix("0O") { return Int(t.dropFirst(2), radix: 8).map(Double.init) }
        if t.hasPrefix("0b") || t.hasPrefix("0B") { return Int(t.dropFirst(2), radix: 2).map(Double.init) }
        guard isJSONNumber(t), let d = Double(t), d.isFinite else { return nil }
        return d
    }

    /// Whether `t` is a JSON number (`-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`).
    static func isJSONNumber(_ t: String) -> Bool {
        let b = Array(t.utf8)
        var i = 0
        func digit(_ j: Int) -> Bool { j < b.count && b[j] >= 48 && b[j] <= 57 }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { return false }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { while digit(i) { i += 1 } }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        return i == b.count
    }
}
