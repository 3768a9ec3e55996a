import JSONValue
extension ExecutionStateMachine {
    /// `$states` plus the workflow variables, as JSONata expressions of frame `id` see them.
    mutating func jsonataBindings(_ id: Int, input: JSON, result: JSON? = nil, errorOutput: JSON? = nil,
                                  taskToken: String? = nil) -> [String: JSON] {
        var states = JSONObject([("input", input), ("context", contextObject(id, taskToken: taskToken))])
        if let result { states["result"] = result }
        if let errorOutput { states["errorOutput"] = errorOutput }
        var bindings: [String: JSON] = ["states": .object(states)]
        if let variables = frames[id]?.variables {
            for (k, v) in variables { bindings[k] = v }
        }
        return bindings
    }

    /// Evaluates a JSONata field (`{% %}` strings at any depth) for frame `id`.
    mutating func jsonata(_ template: JSON, field: String, _ id: Int, input: JSON, result: JSON? = nil,
                          errorOutput: JSON? = nil, taskToken: String? = nil) throws(StatesError) -> JSON {
        let bindings = jsonataBindings(id, input: input, result: result, errorOutput: errorOutput, taskToken: taskToken)
        return try JSONataTemplate.evaluate(template, field: field, input: input, bindings: bindings, seed: random.next())
    }

    /// JSONata `Assign`: variables from `{% %}` values, evaluated before any of them is set.
    mutating func jsonataAssign(_ assign: JSON, _ id: Int, input: JSON, result: JSON? = nil,
                                errorOutput: JSON? = nil) throws(StatesError) -> JSONObject {
        try jsonata(assign, field: "Assign", id, input: input, result: result, errorOutput: errorOutput).objectValue ?? JSONObject()
    }

    /// The field an AWS JSONata error names ("... specified for the field 'Output' ..."), for EvaluationFailed.
    static func failedField(_ error: StatesError) -> String? {
        guard let cause = error.cause else { return nil }
        if let field = cause.firstMatch(of: #/\. The (\w+) field /#) { return String(field.1) }
        guard let start = cause.firstRange(of: "for the field '") else { return nil }
        let rest = cause[start.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }
}
