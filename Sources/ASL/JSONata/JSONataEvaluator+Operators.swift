import JSONValue
/// Arithmetic, comparison, concatenation, `in` and the range operator.
extension JSONataEvaluator {
    func evaluateBinary(_ op: String, _ lhsNode: JSONataNode, _ rhsNode: JSONataNode, _ input: Value?, _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        let lhs = try evaluate(lhsNode, input, frame)
        let rhs = try evaluate(rhsNode, input, frame)
        switch op {
        case "+", "-", "*", "/", "%": return try arithmetic(op, lhs, rhs)
        case "=": return .bool(lhs != nil && rhs != nil && JSONataEvaluator.deepEqual(lhs!, rhs!))
        case "!=": return .bool(lhs != nil && rhs != nil && !JSONataEvaluator.deepEqual(lhs!, rhs!))
        case "<", "<=", ">", ">=": return try compare(op, lhs, rhs)
        case "&":
            let l = try lhs.map { (v) throws(JSONataError) in try JSONataEvaluator.castString(v) } ?? ""
            let r = try rhs.map { (v) throws(JSONataError) in try JSONataEvaluator.castString(v) } ?? ""
            return .string(l + r)
        case "in":
            guard let lhs, let rhs else { return .bool(false) }
            let candidates = rhs.items ?? [rhs]
            return .bool(candidates.contains { JSONataEvaluator.strictEqual($0, lhs) })
        case "..": return try range(lhs, rhs)
        default: throw JSONataError.syntax(op)
        }
    }

    private func arithmetic(_ op: String, _ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        if let lhs, lhs.double == nil { throw JSONataError.leftNotNumber(op) }
        if let rhs, rhs.double == nil { throw JSONataError.rightNotNumber(op) }
        guard let l = lhs?.double, let r = rhs?.double else { return nil }
        let result: Double
        switch op {
        case "+": result = l + r
        case "-": result = l - r
        case "*": result = l * r
        case "/": result = l / r
        default: result = l.truncatingRemainder(dividingBy: r)
        }
        guard result.isFinite else { throw JSONataError.numberOutOfRange(result) }
        return .number(result)
    }

    private func compare(_ op: String, _ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        func comparable(_ v: Value?) -> Bool { v == nil || v!.double != nil || v!.string != nil }
        guard comparable(lhs), comparable(rhs) else {
            throw JSONataError("T2010", "The expressions either side of operator \(JSONataError.quote(op)) must evaluate to numeric or string values")
        }
        guard let lhs, let rhs else { return nil }
        if let l = lhs.double, let r = rhs.double {
            switch op {
            case "<": return .bool(l < r)
            case "<=": return .bool(l <= r)
            case ">": return .bool(l > r)
            default: return .bool(l >= r)
            }
        }
        if let l = lhs.string, let r = rhs.string {
            let a = Array(l.utf16), b = Array(r.utf16)
            let less = a.lexicographicallyPrecedes(b), equal = a == b
            switch op {
            case "<": return .bool(less)
            case "<=": return .bool(less || equal)
            case ">": return .bool(!less && !equal)
            default: return .bool(!less)
            }
        }
        throw JSONataError("T2009", "The values \(JSONataError.quote(lhs)) and \(JSONataError.quote(rhs)) either side of operator \(JSONataError.quote(op)) must be of the same data type")
    }

    private func range(_ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        if let lhs, lhs.double.map({ $0 != $0.rounded() }) ?? true {
            throw JSONataError("T2003", "The left side of the range operator (..) must evaluate to an integer")
        }
        if let rhs, rhs.double.map({ $0 != $0.rounded() }) ?? true {
            throw JSONataError("T2004", "The right side of the range operator (..) must evaluate to an integer")
        }
        guard let l = lhs?.double, let r = rhs?.double else { return nil }
        guard l <= r else { return nil }
        let size = r - l + 1
        guard size <= 1e7 else {
            throw JSONataError("D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate \(JSONataNumber.format(size)).")
        }
        let start = JSONataNumber.int(l), end = JSONataNumber.int(r)
        return .list((start...end).map { .number(Double($0)) })
    }

    /// `$string` cast used by `&` (non-finite numbers are an error).
    static func castString(_ v: Value) throws(JSONataError) -> String {
        if let d = v.double, !d.isFinite {
            throw JSONataError("D3001", "Attempting to invoke string function on Infinity or NaN")
        }
        return JSONataText.string(v)
    }

    /// `=`: values of the same type and content; numbers by value, objects ignoring key order.
    static func deepEqual(_ a: Value, _ b: Value) -> Bool {
        if let x = a.double, let y = b.double { return x == y }
        if let x = a.items, let y = b.items {
            return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1) }
        }
        switch (a, b) {
        case (.json(let x), .json(let y)): return x == y
        default: return false
        }
    }

    /// `in`: strict equality as JavaScript's `===` (objects and arrays never equal).
    static func strictEqual(_ a: Value, _ b: Value) -> Bool {
        if let x = a.double, let y = b.double { return x == y }
        switch (a, b) {
        case (.json(.string(let x)), .json(.string(let y))): return x == y
        case (.json(.bool(let x)), .json(.bool(let y))): return x == y
        case (.json(.null), .json(.null)): return true
        default: return false
        }
    }
}
