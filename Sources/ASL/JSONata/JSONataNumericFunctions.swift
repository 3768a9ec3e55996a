import JSONValue
/// Numeric functions: `$number $abs $floor $ceil $round $power $sqrt $sum $max $min $average $formatBase`.
enum JSONataNumericFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataFormatNumber.function,
        JSONataBuiltin("number", "<(nsb)-:n>") { (_, a) throws(JSONataError) in
            guard let v = a[0] else { return nil }
            if let d = v.double { return .number(d) }
            if let b = v.bool { return .number(b ? 1 : 0) }
            if let s = v.string, let d = JSONataNumber.parse(s) { return .number(d) }
            throw JSONataError("D3030", "Unable to cast value to a number: \(JSONataError.quote(v))")
        },
        unary("abs") { abs($0) },
        unary("floor") { $0.rounded(.down) },
        unary("ceil") { $0.rounded(.up) },
        JSONataBuiltin("round", "<n-n?:n>") { (_, a) throws(JSONataError) in
            guard let d = a[0]?.double else { return nil }
            return .number(round(d, max(-400, min(400, JSONataNumber.int(a[1]?.double ?? 0)))))
        },
        JSONataBuiltin("power", "<n-n:n>") { (_, a) throws(JSONataError) in
            guard let base = a[0]?.double, let exponent = a[1]?.double else { return nil }
            let result = power(base, exponent)
            guard result.isFinite else {
                throw JSONataError("D3061", "The power function has resulted in a value that cannot be represented as a JSON number: base=\(JSONataNumber.format(base)), exponent=\(JSONataNumber.format(exponent))")
            }
            return .number(result)
        },
        JSONataBuiltin("sqrt", "<n-:n>") { (_, a) throws(JSONataError) in
            guard let d = a[0]?.double else { return nil }
            guard d >= 0 else { throw JSONataError("D3060", "The sqrt function cannot be applied to a negative number: \(JSONataNumber.format(d))") }
            return .number(d.squareRoot())
        },
        aggregate("sum") { $0.reduce(0, +) },
        aggregate("max") { $0.isEmpty ? nil : $0.max() },
        aggregate("min") { $0.isEmpty ? nil : $0.min() },
        aggregate("average") { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) },
        JSONataBuiltin("formatBase", "<n-n?:s>") { (_, a) throws(JSONataError) in
            guard let d = a[0]?.double else { return nil }
            let radix = JSONataNumber.int(a[1]?.double ?? 10)
            guard (2...36).contains(radix) else {
                throw JSONataError("D3100", "The radix of the formatBase function must be between 2 and 36.  It was given \(radix)")
            }
            return .string(String(JSONataNumber.int(round(d, 0)), radix: radix))
        },
    ]

    private static func unary(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> JSONataBuiltin {
        JSONataBuiltin(name, "<n-:n>") { (_, a) throws(JSONataError) in a[0]?.double.map { .number(f($0)) } }
    }

    private static func aggregate(_ name: String, _ f: @escaping @Sendable ([Double]) -> Double?) -> JSONataBuiltin {
        JSONataBuiltin(name, "<a<n>:n>") { (_, a) throws(JSONataError) in
            guard let items = a[0]?.items else { return nil }
            return f(items.compactMap(\.double)).map { .number($0) }
        }
    }

    /// Round half to even at `precision` decimal places, shifting through decimal text as JSONata does.
    static func round(_ value: Double, _ precision: Int) -> Double {
        let shifted = shift(value, precision)
        guard shifted.isFinite else { return value }
        return shift(shifted.rounded(.toNearestOrEven), -precision)
    }

    private static func shift(_ value: Double, _ places: Int) -> Double {
        guard places != 0, value.isFinite, value != 0 else { return value }
        let (digits, n) = JSONataNumber.decompose(value)
        let text = "0." + String(decoding: digits.map { $0 + 48 }, as: UTF8.self) + "e\(n + places)"
        let magnitude = Double(text) ?? value
        return value < 0 ? -magnitude : magnitude
    }

    /// `base` to the power `exponent` without libm: integer exponents by squaring, others via exp/log series.
    static func power(_ base: Double, _ exponent: Double) -> Double {
        if exponent == exponent.rounded(), abs(exponent) < 1e9 {
            var result = 1.0, b = base, e = Int(abs(exponent))
            while e > 0 {
                if e & 1 == 1 { result *= b }
                b *= b
                e >>= 1
            }
            return exponent < 0 ? 1 / result : result
        }
        guard base > 0 else { return base == 0 ? 0 : .nan }
        return exp(exponent * log(base))
    }

    /// Natural logarithm: range reduction to [1, 2) then the atanh series.
    static func log(_ x: Double) -> Double {
        let e = x.exponent
        let m = x.significand
        let y = (m - 1) / (m + 1), y2 = y * y
        var term = y, sum = 0.0, k = 1.0
        for _ in 0..<60 {
            sum += term / k
            term *= y2
            k += 2
        }
        return 2 * sum + Double(e) * 0.693147180559945309417232121458
    }

    /// Exponential: split into 2^k · e^r with |r| ≤ ln2/2, Taylor series for e^r.
    static func exp(_ x: Double) -> Double {
        if x > 709.8 { return .infinity }
        if x < -745.2 { return 0 }
        let ln2 = 0.693147180559945309417232121458
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for i in 1..<30 {
            term *= r / Double(i)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }
}
