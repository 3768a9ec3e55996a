import JSONValue
/// String functions: `$string $length $substring $substringBefore $substringAfter $uppercase $lowercase
/// $trim $pad $contains $split $join $replace $match $base64encode $base64decode`.
enum JSONataStringFunctions {
    static let all: [JSONataBuiltin] = [
        JSONataBuiltin("string", "<x-b?:s>") { (_, a) throws(JSONataError) in
            guard let v = a[0] else { return nil }
            if let d = v.double, !d.isFinite { throw JSONataError("D3001", "Attempting to invoke string function on Infinity or NaN") }
            return .string(JSONataText.string(v, pretty: a[1]?.bool ?? false))
        },
        JSONataBuiltin("length", "<s-:n>") { (_, a) throws(JSONataError) in
            a[0]?.string.map { .number(Double($0.unicodeScalars.count)) }
        },
        JSONataBuiltin("substring", "<s-nn?:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string, let startArg = a[1]?.double else { return nil }
            let scalars = Array(s.unicodeScalars)
            var start = JSONataNumber.int(startArg)
            if start < 0 { start = max(0, scalars.count + start) }
            start = min(start, scalars.count)
            var end = scalars.count
            if let len = a[2]?.double {
                guard len > 0 else { return .string("") }
                end = min(scalars.count, start + min(scalars.count, JSONataNumber.int(len)))
            }
            guard start < end else { return .string("") }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return .string(String(view))
        },
        JSONataBuiltin("substringBefore", "<s-s:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string else { return nil }
            guard let chars = a[1]?.string else { return .string(s) }
            guard !chars.isEmpty else { return .string("") }
            guard let r = s.firstRange(of: chars) else { return .string(s) }
            return .string(String(s[..<r.lowerBound]))
        },
        JSONataBuiltin("substringAfter", "<s-s:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string else { return nil }
            guard let chars = a[1]?.string, !chars.isEmpty, let r = s.firstRange(of: chars) else { return .string(s) }
            return .string(String(s[r.upperBound...]))
        },
        JSONataBuiltin("uppercase", "<s-:s>") { (_, a) throws(JSONataError) in a[0]?.string.map { .string($0.uppercased()) } },
        JSONataBuiltin("lowercase", "<s-:s>") { (_, a) throws(JSONataError) in a[0]?.string.map { .string($0.lowercased()) } },
        JSONataBuiltin("trim", "<s-:s>") { (_, a) throws(JSONataError) in a[0]?.string.map { .string(trim($0)) } },
        JSONataBuiltin("pad", "<s-ns?:s>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string, let width = a[1]?.double else { return nil }
            var padChar = a[2]?.string ?? " "
            if padChar.isEmpty { padChar = " " }
            let length = s.unicodeScalars.count
            let target = min(JSONataNumber.int(abs(width)), length + 1_000_000)
            guard target > length else { return .string(s) }
            let fill = Array(String(repeating: padChar, count: target - length).unicodeScalars.prefix(target - length))
            var padding = String.UnicodeScalarView()
            padding.append(contentsOf: fill)
            return .string(width < 0 ? String(padding) + s : s + String(padding))
        },
        JSONataBuiltin("contains", "<s-(sf):b>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string, let pattern = a[1] else { return nil }
            if let p = pattern.string { return .bool(p.isEmpty || s.contains(p)) }
            guard case .function(.regex(let r)) = pattern else { throw JSONataError.argumentMismatch(2, "contains") }
            return .bool(JSONataRegexSupport.contains(r, in: s))
        },
        JSONataBuiltin("split", "<s-(sf)n?:a<s>>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string, let separator = a[1] else { return nil }
            var limit: Int? = nil
            if let l = a[2]?.double {
                guard l >= 0 else { throw JSONataError("D3020", "Third argument of split function must evaluate to a positive number") }
                limit = JSONataNumber.int(l)
            }
            var parts: [String]
            if let sep = separator.string {
                parts = sep.isEmpty ? s.unicodeScalars.map { String($0) } : s.split(separator: sep, omittingEmptySubsequences: false).map(String.init)
            } else if case .function(.regex(let r)) = separator {
                parts = []
                var last = s.startIndex
                for f in try JSONataRegexSupport.find(r, in: s) {
                    parts.append(String(s[last..<f.range.lowerBound]))
                    last = f.range.upperBound
                }
                parts.append(String(s[last...]))
            } else {
                throw JSONataError.argumentMismatch(2, "split")
            }
            if let limit { parts = Array(parts.prefix(limit)) }
            return .list(parts.map { .string($0) })
        },
        JSONataBuiltin("join", "<a<s>s?:s>") { (_, a) throws(JSONataError) in
            guard let items = a[0]?.items else { return nil }
            return .string(items.compactMap(\.string).joined(separator: a[1]?.string ?? ""))
        },
        JSONataBuiltin("replace", "<s-(sf)(sf)n?:s>") { (e, a) throws(JSONataError) in try replace(e, a) },
        JSONataBuiltin("match", "<s-f<s:o>n?:a<o>>") { (_, a) throws(JSONataError) in
            guard let s = a[0]?.string else { return nil }
            guard case .function(.regex(let r))? = a[1] else { throw JSONataError.argumentMismatch(2, "match") }
            if let l = a[2]?.double, l < 0 {
                throw JSONataError("D3040", "Third argument of match function must evaluate to a positive number")
            }
            return .sequence(JSONataRegexSupport.matches(r, in: s, limit: a[2]?.double.map { JSONataNumber.int($0) }))
        },
        JSONataBuiltin("base64encode", "<s-:s>") { (_, a) throws(JSONataError) in
            a[0]?.string.map { .string(EncodingIntrinsics.encode(Array($0.utf8))) }
        },
        JSONataBuiltin("base64decode", "<s-:s>") { (_, a) throws(JSONataError) in
            a[0]?.string.map { .string(String(decoding: EncodingIntrinsics.decode($0), as: UTF8.self)) }
        },
    ]

    /// `$trim`: runs of whitespace become one space; leading and trailing spaces go.
    static func trim(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in s {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    private static func replace(_ e: JSONataEvaluator, _ a: [Value?]) throws(JSONataError) -> Value? {
        guard let s = a[0]?.string, let pattern = a[1], let replacement = a[2] else { return nil }
        var limit = Int.max
        if let l = a[3]?.double {
            guard l >= 0 else { throw JSONataError("D3011", "Fourth argument of replace function must evaluate to a positive number") }
            limit = JSONataNumber.int(l)
        }
        if let p = pattern.string {
            guard !p.isEmpty else { throw JSONataError("D3010", "Second argument of replace function cannot be an empty string") }
            guard let r = replacement.string else { throw JSONataError.argumentMismatch(3, "replace") }
            var out = ""
            var rest = Substring(s)
            var count = 0
            while count < limit, let range = rest.firstRange(of: p) {
                out += rest[..<range.lowerBound] + r
                rest = rest[range.upperBound...]
                count += 1
            }
            return .string(out + rest)
        }
        guard case .function(.regex(let r)) = pattern else { throw JSONataError.argumentMismatch(2, "replace") }
        var out = ""
        var last = s.startIndex
        for f in try JSONataRegexSupport.find(r, in: s, limit: limit) {
            out += s[last..<f.range.lowerBound]
            if let text = replacement.string {
                out += JSONataRegexSupport.expand(text, f)
            } else if case .function(let fn) = replacement {
                let index = s.utf16.distance(from: s.startIndex, to: f.range.lowerBound)
                let matchObject: Value = .json(.object(JSONObject([
                    ("match", .string(f.match)), ("index", .int(index)), ("groups", .array(f.groups.map(JSON.string))),
                ])))
                guard let produced = try e.call(fn, [matchObject], nil)?.string else {
                    throw JSONataError("D3012", "Attempted to replace a matched string with a non-string value")
                }
                out += produced
            } else {
                throw JSONataError.argumentMismatch(3, "replace")
            }
            last = f.range.upperBound
        }
        return .string(out + s[last...])
    }
}
