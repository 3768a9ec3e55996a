import JSONValue
extension ExecutionStateMachine {
    /// The context object (`$$`) for frame `id`'s current state.
    func contextObject(_ id: Int, taskToken: String? = nil, mapItem: (index: Int, value: JSON)? = nil) -> JSON {
        guard let frame = frames[id] else { return .null }
        var o = JSONObject()
        o["Execution"] = executionContext
        var stateObject = JSONObject([
            ("EnteredTime", .string(RFC3339Timestamp.format(milliseconds: frame.enteredMilliseconds))),
            ("Name", .string(frame.stateName)),
        ])
        if case .task? = frame.graph.states[frame.stateName] { stateObject["RetryCount"] = .int(frame.retryCount) }
        o["State"] = .object(stateObject)
        o["StateMachine"] = stateMachineContext
        if let taskToken { o["Task"] = .object(JSONObject([("Token", .string(taskToken))])) }
        if let item = mapItem {
            o["Map"] = .object(JSONObject([("Item", .object(JSONObject([("Index", .int(item.index)), ("Value", item.value)])))]))
        }
        return .object(o)
    }

    /// The environment paths and templates of frame `id` see, with `$` = `input`.
    mutating func environment(_ id: Int, input: JSON, context: Bool = true, taskToken: String? = nil) -> PathEnvironment {
        PathEnvironment(input: input, context: context ? contextObject(id, taskToken: taskToken) : .null,
                        variables: frames[id]?.variables ?? JSONObject(), randomSeed: random.next())
    }

    /// Adds AWS's "An error occurred while executing the state ..." prefix to a runtime error.
    func prefixed(_ error: StatesError, frame id: Int) -> StatesError {
        guard let frame = frames[id] else { return error }
        let prefix = "An error occurred while executing the state '\(frame.stateName)' (entered at the event id #\(frame.enteredEventId)). "
        if let cause = error.cause, cause.hasPrefix("An error occurred while executing the state") { return error }
        return StatesError(error.error, cause: prefix + (error.cause ?? ""))
    }

    /// `InputPath`: nil (JSON null) gives `{}`.
    mutating func inputPathValue(_ path: String?, _ id: Int, io: StateIO, input: JSON) throws(StatesError) -> JSON {
        guard let path else { return .object(JSONObject()) }
        if path == "$" { return input }
        return try DataFlow.select(path, in: environment(id, input: input, context: io.usesContext))
    }

    /// `OutputPath`: nil (JSON null) gives `{}`. JSONata states: `Output` with `$states.input` = `value`.
    mutating func outputPathValue(_ path: String?, _ id: Int, io: StateIO, value: JSON) throws(StatesError) -> JSON {
        if io.language == .jsonata {
            guard let output = io.output else { return value }
            return try jsonata(output, field: "Output", id, input: value)
        }
        guard let path else { return .object(JSONObject()) }
        if path == "$" { return value }
        return try DataFlow.select(path, in: environment(id, input: value, context: io.usesContext))
    }

    /// `ResultPath`: nil (JSON null) keeps the input, `$` takes the result.
    func resultPathValue(_ path: String?, input: JSON, result: JSON) throws(StatesError) -> JSON {
        guard let path else { return input }
        if path == "$" { return result }
        return try DataFlow.applyResultPath(path, to: input, result: result)
    }

    /// Evaluates `Assign` with `$` = `input`; the values are applied when the state exits.
    mutating func evaluateAssign(_ assign: JSON, frame id: Int, input: JSON) throws(StatesError) -> JSONObject {
        if frames[id]?.graph.states[frames[id]?.stateName ?? ""]?.io.language == .jsonata {
            return try jsonataAssign(assign, id, input: input)
        }
        let value = try DataFlow.evaluateTemplate(assign, in: environment(id, input: input))
        return value.objectValue ?? JSONObject()
    }

    /// InputPath then Parameters: the effective input of a state.
    mutating func effectiveInput(_ id: Int, io: StateIO, input: JSON, taskToken: String? = nil) throws(StatesError) -> JSON {
        if io.language == .jsonata {
            guard let arguments = io.arguments else { return input }
            return try jsonata(arguments, field: "Arguments", id, input: input, taskToken: taskToken)
        }
        let selected = try inputPathValue(io.inputPath, id, io: io, input: input)
        guard let parameters = io.parameters else { return selected }
        return try DataFlow.evaluateTemplate(parameters, in: environment(id, input: selected, context: true, taskToken: taskToken))
    }

    /// ResultSelector, Assign, ResultPath, OutputPath: the output of a state that produced `result`.
    mutating func stateOutput(_ id: Int, io: StateIO, input: JSON, result: JSON) throws(StatesError) -> (JSON, JSONObject?) {
        if io.language == .jsonata {
            var assigned: JSONObject?
            if let assign = io.assign { assigned = try jsonataAssign(assign, id, input: input, result: result) }
            guard let output = io.output else { return (result, assigned) }
            return (try jsonata(output, field: "Output", id, input: input, result: result), assigned)
        }
        var result = result
        if let selector = io.resultSelector {
            result = try DataFlow.evaluateTemplate(selector, in: environment(id, input: result))
        }
        var assigned: JSONObject?
        if let assign = io.assign { assigned = try evaluateAssign(assign, frame: id, input: result) }
        let combined = try resultPathValue(io.resultPath, input: input, result: result)
        return (try outputPathValue(io.outputPath, id, io: io, value: combined), assigned)
    }
}
