import JSONValue
/// Regular-expression matching for `$match`, `$contains`, `$split` and `$replace`
/// (the standard library's `Regex`, Unicode-scalar semantics; offsets in UTF-16 units as JavaScript counts).
enum JSONataRegexSupport {
    struct Found {
        var range: Range<String.Index>
        var match: String
        var groups: [String]
    }

    static func find(_ r: JSONataRegex, in s: String, limit: Int? = nil) throws(JSONataError) -> [Found] {
        var out: [Found] = []
        for m in s.matches(of: r.regex) {
            if let limit, out.count >= limit { break }
            if m.range.isEmpty { throw JSONataError("D1004", "Regular expression matches zero length string") }
            var groups: [String] = []
            for i in 1..<max(m.output.count, 1) {
                groups.append(m.output[i].substring.map(String.init) ?? "")
            }
            out.append(Found(range: m.range, match: String(s[m.range]), groups: groups))
        }
        return out
    }

    /// `$match` objects: `{match, index, groups}`.
    static func matches(_ r: JSONataRegex, in s: String, limit: Int?) -> [Value] {
        guard let found = try? find(r, in: s, limit: limit) else { return [] }
        return found.map { f in
            let index = s.utf16.distance(from: s.startIndex, to: f.range.lowerBound)
            return .json(.object(JSONObject([
                ("match", .string(f.match)), ("index", .int(index)), ("groups", .array(f.groups.map(JSON.string))),
            ])))
        }
    }

    static func contains(_ r: JSONataRegex, in s: String) -> Bool { s.contains(r.regex) }

    /// Expands `$0`, `$1`..., `$$` in a replacement string as JSONata does.
    static func expand(_ replacement: String, _ f: Found) -> String {
        var out = ""
        let chars = Array(replacement)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let next = chars[i + 1]
            if next == "$" { out.append("$"); i += 2; continue }
            guard let d = next.wholeNumberValue, next.isASCII else { out.append(c); i += 1; continue }
            // Take the longest group number that exists (at least one digit).
            var number = d
            var j = i + 2
            while j < chars.count, let more = chars[j].wholeNumberValue, chars[j].isASCII, number * 10 + more <= f.groups.count {
                number = number * 10 + more
                j += 1
            }
            if number == 0 {
                out += f.match
            } else if number <= f.groups.count {
                out += f.groups[number - 1]
            }
            i = j
        }
        return out
    }
}
