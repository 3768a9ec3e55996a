import JSONValue
extension DefinitionParser {
    mutating func parseChoice(name: String, _ o: JSONObject, io: StateIO, at loc: String) -> State? {
        guard case .array(let items)? = o["Choices"] else {
            fail(o["Choices"] == nil ? "These fields are required: [Choices]" : "Expected value of type Array",
                 at: o["Choices"] == nil ? loc : loc + "/Choices")
            return nil
        }
        if items.isEmpty { fail("Choices must not be empty", at: loc + "/Choices") }
        var rules: [ChoiceRule] = []
        for (i, item) in items.enumerated() {
            let at = loc + "/Choices[\(i)]"
            guard case .object(let r) = item else { fail("Expected value of type Object", at: at); continue }
            guard let next = string(r, "Next", at: at) else {
                if r["Next"] == nil { fail("These fields are required: [Next]", at: at) }
                continue
            }
            var body = r
            body["Next"] = nil
            let assign = io.language == .jsonata ? jsonataField(r, "Assign", at: at) : template(r, "Assign", at: at)
            body["Assign"] = nil
            body["Comment"] = nil
            if io.language == .jsonata {
                let output = jsonataField(body, "Output", at: at)
                body["Output"] = nil
                checkFields(body, allowed: ["Condition"], at: at)
                guard case .string(let source)? = body["Condition"], let expression = JSONataExpression.body(of: source) else {
                    fail(body["Condition"] == nil ? "These fields are required: [Condition]" : "The value for the field 'Condition' must be a JSONata expression",
                         at: at)
                    continue
                }
                do { _ = try JSONataExpression(parsing: expression) } catch {
                    fail(error.cause ?? "Invalid JSONata expression", at: at + "/Condition")
                }
                rules.append(ChoiceRule(condition: .jsonata(expression), next: next, assign: assign, output: output))
                continue
            }
            if let condition = parseCondition(body, at: at) {
                rules.append(ChoiceRule(condition: condition, next: next, assign: assign))
            }
        }
        let defaultState = string(o, "Default", at: loc)
        return .choice(ChoiceState(name: name, io: io, choices: rules, defaultState: defaultState))
    }

    /// One Boolean expression or data-test expression (a rule without `Next`).
    mutating func parseCondition(_ r: JSONObject, at loc: String) -> ChoiceCondition? {
        if r["And"] != nil || r["Or"] != nil {
            let key = r["And"] != nil ? "And" : "Or"
            guard case .array(let items)? = r[key], !items.isEmpty else {
                fail("Expected a non-empty array", at: loc + "/" + key)
                return nil
            }
            checkFields(r, allowed: [key, "Comment"], at: loc)
            var parts: [ChoiceCondition] = []
            for (i, item) in items.enumerated() {
                guard case .object(let sub) = item else { fail("Expected value of type Object", at: loc + "/\(key)[\(i)]"); continue }
                if sub["Next"] != nil { fail("Nested rules cannot have 'Next'", at: loc + "/\(key)[\(i)]") }
                if let c = parseCondition(sub, at: loc + "/\(key)[\(i)]") { parts.append(c) }
            }
            return key == "And" ? .and(parts) : .or(parts)
        }
        if let not = r["Not"] {
            checkFields(r, allowed: ["Not", "Comment"], at: loc)
            guard case .object(let sub) = not else { fail("Expected value of type Object", at: loc + "/Not"); return nil }
            if sub["Next"] != nil { fail("Nested rules cannot have 'Next'", at: loc + "/Not") }
            return parseCondition(sub, at: loc + "/Not").map { .not($0) }
        }
        guard let variable = string(r, "Variable", at: loc) else {
            if r["Variable"] == nil { fail("These fields are required: [Variable]", at: loc) }
            return nil
        }
        if DataFlow.validatePath(variable, kind: .path) != nil {
            fail("The value for the field 'Variable' must be a valid JSONPath", at: loc + "/Variable")
        }
        let operators = r.keys.filter { $0 != "Variable" && $0 != "Comment" }
        guard operators.count == 1, let key = operators.first, let (comparison, isPath) = ChoiceComparison.byName[key],
              let value = r[key] else {
            fail(operators.isEmpty ? "A choice rule must have a comparison operator" : "Unknown or repeated comparison operator(s): \(operators.joined(separator: ", "))", at: loc)
            return nil
        }
        if isPath {
            guard let p = value.stringValue else { fail("Expected value of type String", at: loc + "/" + key); return nil }
            if DataFlow.validatePath(p, kind: .path) != nil {
                fail("The value for the field '\(key)' must be a valid JSONPath", at: loc + "/" + key)
            }
            return .compare(variable: variable, comparison: comparison, operand: .path(p))
        }
        let ok: Bool
        switch (comparison.operandKind, value) {
        case ("String", .string): ok = true
        case ("Number", .number): ok = true
        case ("Boolean", .bool): ok = true
        default: ok = false
        }
        if !ok { fail("Expected value of type \(comparison.operandKind)", at: loc + "/" + key) }
        if case .string(let s) = value, comparison.rawValue.hasPrefix("Timestamp"), RFC3339Timestamp(s) == nil {
            fail("String does not match RFC3339 timestamp", at: loc + "/" + key)
        }
        return .compare(variable: variable, comparison: comparison, operand: .value(value))
    }
}
