import ASL
import JSONValue

/// Mirrors `shared/conformance/run.py`: makes actual values look like the recorded snapshots
/// and finds the first difference.
struct ConformanceNormaliser {
    /// Literal replacements applied to the serialised text, in order, then the ISO-8601 → "date" one.
    var replacements: [(String, String)]
    var wildcards: Set<String>

    nonisolated(unsafe) static let iso8601 = try! Regex(
        #"(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?(?:[0-5]\d)?)"#)
    nonisolated(unsafe) static let uuid = try! Regex(#"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#)
    nonisolated(unsafe) static let placeholder = try! Regex(#"<[A-Za-z0-9_:\-]+>"#)
    static let looseKeys: Set<String> = ["SdkHttpMetadata", "SdkResponseMetadata"]

    /// key_transform then serial_replace.
    func normalise(_ value: JSON) -> JSON {
        serialReplace(keyTransform(value))
    }

    /// snapshot_form: a string starting with `{` is parsed.
    func snapshotForm(_ value: JSON) -> JSON {
        if case .string(let s) = value, s.hasPrefix("{"), let parsed = try? JSON(parsing: s) { return parsed }
        return value
    }

    func keyTransform(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                var v = v
                if case .string(let s) = v, k.lowercased().hasSuffix("id"), s.wholeMatch(of: Self.uuid) != nil {
                    v = .string("<uuid>")
                } else if k.lowercased().contains("timestamp") {
                    switch v {
                    case .object, .array: break
                    case .string(let s) where s.prefixMatch(of: Self.iso8601) != nil: break
                    default: v = .string("timestamp")
                    }
                }
                out[k] = keyTransform(v)
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(keyTransform))
        default:
            return value
        }
    }

    func serialReplace(_ value: JSON) -> JSON {
        var text = value.serialized()
        for (pattern, replacement) in replacements where !pattern.isEmpty {
            text = text.replacing(pattern, with: replacement)
        }
        text = text.replacing(Self.iso8601, with: "date")
        return (try? JSON(parsing: text)) ?? value
    }

    // MARK: comparison

    /// The first difference between expected and actual, or nil.
    func diff(_ expected: JSON?, _ actual: JSON?, path: String = "$") -> String? {
        if expected == actual { return nil }
        if case .string(let e)? = expected {
            if wildcards.contains(e) || wildMatch(e, actual) { return nil }
        }
        switch (expected, actual) {
        case (.object(let e)?, .object(let a)?):
            if let last = path.split(separator: ".").last, Self.looseKeys.contains(String(last)) { return nil }
            for k in e.keys where a[k] == nil { return "\(path).\(k): missing (expected \(short(e[k])))" }
            for k in a.keys where e[k] == nil { return "\(path).\(k): unexpected key (got \(short(a[k])))" }
            for k in e.keys { if let d = diff(e[k], a[k], path: "\(path).\(k)") { return d } }
            return nil
        case (.array(let e)?, .array(let a)?):
            if e.count != a.count { return "\(path): expected \(e.count) items, got \(a.count): \(short(actual))" }
            for i in e.indices { if let d = diff(e[i], a[i], path: "\(path)[\(i)]") { return d } }
            return nil
        case (.number(let e)?, .number(let a)?) where e.double == a.double:
            return nil
        default:
            return "\(path): expected \(short(expected)), got \(short(actual))"
        }
    }

    func short(_ value: JSON?) -> String {
        let s = value.map { $0.serialized() } ?? "nil"
        return s.count <= 160 ? s : String(s.prefix(157)) + "..."
    }

    /// wild_match: placeholders (`<...>`) and case wildcards stand for any non-empty text.
    func wildMatch(_ expected: String, _ actual: JSON?) -> Bool {
        if wildcards.contains(expected) { return true }
        if expected == "<uuid>" || expected.wholeMatch(of: #/<uuid:\d+>/#) != nil {
            if case .string = actual { return true }
            return false
        }
        guard case .string(let act)? = actual else { return false }
        var tokens = Set(expected.matches(of: Self.placeholder).map { String(expected[$0.range]) })
        for w in wildcards where w.count > 3 && expected.contains(w) { tokens.insert(w) }
        if tokens.isEmpty { return false }
        let ordered = tokens.sorted { $0.count > $1.count }
        var pattern: [Character?] = []  // nil = wildcard (one or more characters)
        var rest = Substring(expected)
        outer: while !rest.isEmpty {
            for t in ordered where rest.hasPrefix(t) {
                pattern.append(nil)
                rest = rest.dropFirst(t.count)
                continue outer
            }
            pattern.append(rest.first)
            rest = rest.dropFirst()
        }
        return Self.globMatch(pattern, Array(act))
    }

    static func globMatch(_ pattern: [Character?], _ text: [Character]) -> Bool {
        // dp[j]: pattern prefix of length i matches text prefix of length j.
        var dp = [Bool](repeating: false, count: text.count + 1)
        dp[0] = true
        for p in pattern {
            var next = [Bool](repeating: false, count: text.count + 1)
            if let c = p {
                for j in 0..<text.count where dp[j] && text[j] == c { next[j + 1] = true }
            } else {
                var reachable = false
                for j in 0..<text.count {
                    reachable = reachable || dp[j]
                    if reachable { next[j + 1] = true }
                }
            }
            dp = next
        }
        return dp[text.count]
    }
}
