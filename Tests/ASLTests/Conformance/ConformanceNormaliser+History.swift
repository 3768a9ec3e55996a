import ASL
import JSONValue

extension ConformanceNormaliser {
    static let parallelEnd: Set<String> = ["ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed"]

    /// GetExecutionHistory events in their snapshot form.
    func historyForm(_ events: [HistoryEvent], outputJSON: Bool) -> [JSON] {
        let raw = events.map { event -> JSON in
            var value = parseNestedJSON(event.json())
            if outputJSON, case .object(var o) = value {
                for k in o.keys where k.hasSuffix("EventDetails") {
                    if case .object(var d)? = o[k], case .string(let s)? = d["output"], let parsed = try? JSON(parsing: s) {
                        d["output"] = parsed
                        o[k] = .object(d)
                    }
                }
                value = .object(o)
            }
            return value
        }
        return normalise(.array(raw)).arrayValue ?? []
    }

    /// parse_nested_json: string values starting with `{` become JSON, one level, in every object.
    func parseNestedJSON(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                switch v {
                case .object, .array: out[k] = parseNestedJSON(v)
                case .string(let s) where s.hasPrefix("{"): out[k] = (try? JSON(parsing: s)) ?? v
                default: out[k] = v
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map { v in
                switch v {
                case .object, .array: parseNestedJSON(v)
                default: v
                }
            })
        default:
            return value
        }
    }

    /// normalise_parallel: returns the unordered index ranges.
    func normaliseParallel(_ events: inout [JSON]) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        var start: Int?
        var sub: [JSON] = []
        var inside = false
        var i = 0
        while i < events.count {
            let type = events[i]["type"]?.stringValue
            if let type, Self.parallelEnd.contains(type) {
                let s0 = start ?? 0
                events.replaceSubrange(s0..<i, with: sub)
                blocks = blocks.filter { $0.upperBound <= s0 } + [s0..<(s0 + sub.count)]
                inside = false
            } else if type == "ParallelStateStarted" {
                inside = true
                sub = []
                start = i + 1
            } else if inside, case .object(var o) = events[i] {
                o["id"] = .array([.int(0)])
                o["previousEventId"] = .int(0)
                events[i] = .object(o)
                sub.append(events[i])
            }
            i += 1
        }
        return blocks.filter { !$0.isEmpty }
    }

    func diffEvent(_ e: JSON, _ a: JSON, path: String) -> String? {
        for field in ["type", "id", "previousEventId"] {
            if let d = diff(e[field], a[field], path: "\(path).\(field)") { return d }
        }
        let eo = e.objectValue ?? JSONObject(), ao = a.objectValue ?? JSONObject()
        let keys = eo.keys.filter { $0.hasSuffix("EventDetails") } + ao.keys.filter { $0.hasSuffix("EventDetails") && eo[$0] == nil }
        for k in keys {
            guard let av = ao[k] else { return "\(path).\(k): missing (expected \(short(eo[k])))" }
            guard let ev = eo[k] else { return "\(path).\(k): unexpected (got \(short(av)))" }
            if let d = diff(ev, av, path: "\(path).\(k)") { return d }
        }
        return nil
    }

    /// diff_history: the first difference between recorded and actual events, or nil.
    func diffHistory(_ expected: [JSON], _ actualIn: [JSON], unorderedParallel: Bool) -> String? {
        var actual = actualIn
        let blocks = unorderedParallel ? normaliseParallel(&actual) : []
        var inBlock: [Int: Range<Int>] = [:]
        for b in blocks { for i in b { inBlock[i] = b } }
        for (i, exp) in expected.enumerated() {
            if i >= actual.count {
                return "history: expected \(expected.count) events, got \(actual.count) (first missing: \(exp["type"]?.stringValue ?? "") #\(short(exp["id"])))"
            }
            if let block = inBlock[i] {
                if i == block.lowerBound {
                    var pool = Array(actual[block])
                    for j in block {
                        guard j < expected.count,
                              let hit = pool.firstIndex(where: { diffEvent(expected[j], $0, path: "e") == nil }) else {
                            return "history[\(j)] (parallel branch events): no matching event; expected \(short(j < expected.count ? expected[j] : nil))"
                        }
                        pool.remove(at: hit)
                    }
                }
                continue
            }
            if let d = diffEvent(exp, actual[i], path: "history[\(i)](\(exp["type"]?.stringValue ?? ""))") { return d }
        }
        if actual.count > expected.count {
            let extra = actual[expected.count]
            return "history: expected \(expected.count) events, got \(actual.count) (first extra: \(extra["type"]?.stringValue ?? "") #\(short(extra["id"])))"
        }
        return nil
    }
}
