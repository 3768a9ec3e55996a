import JSONValue
/// Builds a `StateMachineDefinition` from JSON, collecting AWS-style diagnostics.
struct DefinitionParser {
    var diagnostics: [Diagnostic] = []
    /// `STANDARD` or `EXPRESS`: Express machines refuse `.sync` and `.waitForTaskToken`.
    var isExpress = false
    var topLanguage: QueryLanguage = .jsonPath

    mutating func fail(_ message: String, at location: String, code: String = Diagnostic.Code.schemaValidationFailed) {
        diagnostics.append(Diagnostic(code: code, message: message, location: location))
    }

    mutating func parseDefinition(_ json: JSON) -> StateMachineDefinition? {
        guard case .object(let root) = json else {
            fail("Expected value of type Object", at: "/")
            return nil
        }
        let missing = ["StartAt", "States"].filter { root[$0] == nil }
        if !missing.isEmpty {
            fail("These fields are required: [\(missing.joined(separator: ", "))]", at: "/")
            return nil
        }
        checkFields(root, allowed: Self.topFields, at: "/")
        if let lang = root["QueryLanguage"] {
            guard let value = lang.stringValue, let parsed = QueryLanguage(rawValue: value) else {
                fail("Field 'QueryLanguage' must be 'JSONPath' or 'JSONata'", at: "/QueryLanguage")
                return nil
            }
            topLanguage = parsed
        }
        let comment = string(root, "Comment", at: "")
        let version = string(root, "Version", at: "")
        let timeout = integer(root, "TimeoutSeconds", at: "", minimum: 0)
        guard let graph = parseGraph(root, at: "") else { return nil }
        return StateMachineDefinition(comment: comment, graph: graph, timeoutSeconds: timeout,
                                      version: version, queryLanguage: topLanguage)
    }

    /// Parses `StartAt` and `States` of `object` at `base` (a JSON pointer prefix, "" for the root).
    mutating func parseGraph(_ object: JSONObject, at base: String) -> StateGraph? {
        guard let startAt = string(object, "StartAt", at: base) else {
            if object["StartAt"] == nil { fail("These fields are required: [StartAt]", at: base.isEmpty ? "/" : base) }
            return nil
        }
        guard case .object(let statesObject)? = object["States"] else {
            fail(object["States"] == nil ? "These fields are required: [States]" : "Expected value of type Object",
                 at: object["States"] == nil ? (base.isEmpty ? "/" : base) : base + "/States")
            return nil
        }
        var states: [String: State] = [:]
        for (name, value) in statesObject {
            let location = base + "/States/" + name
            if name.isEmpty || name.count > 80 {
                fail("State names must be between 1 and 80 characters", at: location)
            }
            if let state = parseState(name: name, value, at: location) { states[name] = state }
        }
        let graph = StateGraph(startAt: startAt, states: states, stateNames: statesObject.keys)
        GraphValidator.validate(graph, at: base, into: &diagnostics)
        return graph
    }

    static let topFields: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]

    // MARK: field helpers

    mutating func checkFields(_ object: JSONObject, allowed: Set<String>, at location: String) {
        for key in object.keys where !allowed.contains(key) {
            fail("Field '\(key)' is not supported", at: location)
        }
    }

    mutating func string(_ object: JSONObject, _ key: String, at base: String) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let s) = value else {
            fail("Expected value of type String", at: base + "/" + key)
            return nil
        }
        return s
    }

    mutating func integer(_ object: JSONObject, _ key: String, at base: String, minimum: Int = 0) -> Int? {
        guard let value = object[key] else { return nil }
        guard case .number(let n) = value, let v = n.int else {
            fail("Expected value of type Integer", at: base + "/" + key)
            return nil
        }
        if v < minimum { fail("Value must be at least \(minimum)", at: base + "/" + key) }
        return v
    }

    mutating func double(_ object: JSONObject, _ key: String, at base: String) -> Double? {
        guard let value = object[key] else { return nil }
        guard case .number(let n) = value else {
            fail("Expected value of type Number", at: base + "/" + key)
            return nil
        }
        return n.double
    }

    mutating func bool(_ object: JSONObject, _ key: String, at base: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let b) = value else {
            fail("Expected value of type Boolean", at: base + "/" + key)
            return nil
        }
        return b
    }

    /// A path field: absent → `defaultValue`; JSON null → nil when `nullable`.
    mutating func path(_ object: JSONObject, _ key: String, at base: String, kind: PathKind = .path,
                       nullable: Bool = true, defaultValue: String? = "$") -> String? {
        guard let value = object[key] else { return defaultValue }
        if value.isNull, nullable { return nil }
        guard case .string(let s) = value else {
            fail("Expected value of type String", at: base + "/" + key)
            return defaultValue
        }
        if DataFlow.validatePath(s, kind: kind) != nil {
            let what = kind == .referencePath ? "ReferencePath" : "JSONPath"
            fail("The value for the field '\(key)' must be a valid \(what)", at: base + "/" + key)
        }
        return s
    }

    /// A JSONata field (`Arguments`, `Output`, `Assign`, `Items` ...): every `{% %}` must parse.
    mutating func jsonataField(_ object: JSONObject, _ key: String, at base: String) -> JSON? {
        guard let value = object[key] else { return nil }
        do {
            _ = try JSONataTemplate(value)
        } catch {
            fail(error.cause ?? "Invalid JSONata expression", at: base + "/" + key)
        }
        return value
    }

    /// A payload template field (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
    mutating func template(_ object: JSONObject, _ key: String, at base: String) -> JSON? {
        guard let value = object[key] else { return nil }
        for issue in DataFlow.templateIssues(value) {
            fail(issue.message, at: base + "/" + key + issue.location)
        }
        return value
    }

    mutating func transition(_ object: JSONObject, at base: String) -> Transition {
        let next = string(object, "Next", at: base)
        let end = bool(object, "End", at: base) ?? false
        switch (next, end) {
        case (let n?, false): return .next(n)
        case (nil, true): return .end
        case (_?, true):
            fail("Only one of 'Next' or 'End' can be present", at: base)
            return .end
        case (nil, false):
            fail("This state must have a 'Next' field or an 'End' field set to true", at: base)
            return .end
        }
    }

    /// Whether `value` mentions the context object anywhere.
    static func mentionsContext(_ value: JSON?) -> Bool {
        switch value {
        case .string(let s)?: s.contains("$$")
        case .array(let a)?: a.contains { mentionsContext($0) }
        case .object(let o)?: o.contains { $0.key.contains("$$") || mentionsContext($0.value) }
        default: false
        }
    }
}
