import JSONValue
extension ExecutionStateMachine {
    mutating func startMap(_ id: Int, _ state: MapState) -> StepOutcome {
        guard let frame = frames[id] else { return .suspended }
        var run: ChildrenRun
        // A map run checks its tolerated failure threshold once it has started.
        var runError: StatesError?
        do throws(StatesError) {
            let effective = try inputPathValue(state.io.inputPath, id, io: state.io, input: frame.input)
            let env = environment(id, input: effective, context: state.io.usesContext)
            let items: JSON
            if state.io.language == .jsonata {
                items = try jsonataItems(id, state, input: effective)
            } else {
                items = try DataFlow.select(state.itemsPath, in: env)
            }
            guard case .array(let array) = items else {
                throw StatesError.runtime("Item path \(state.itemsPath) does not reference an array, found: \(items.serialized())")
            }
            run = ChildrenRun(isMap: true, items: array, results: Array(repeating: nil, count: array.count),
                              maxConcurrency: try Self.mapLimit(state.maxConcurrency, state.maxConcurrencyPath, "MaxConcurrencyPath", env),
                              effectiveInput: effective)
            if let source = state.maxConcurrencyExpression {
                let value = try jsonata(.string(source), field: "MaxConcurrency", id, input: effective)
                guard case .number(let n) = value, let limit = n.int, limit >= 0 else {
                    let expression = try JSONataExpression(parsing: JSONataExpression.body(of: source) ?? source)
                    throw expression.unexpectedType(field: "MaxConcurrency", expected: "integer", value: value)
                }
                run.maxConcurrency = limit
            }
            if state.distributed {
                do throws(StatesError) { try Self.applyDistributedTolerance(state, env, to: &run) } catch { runError = error }
            } else {
                try Self.applyTolerance(state, env, to: &run)
            }
        } catch {
            return .failed(prefixed(error, frame: id))
        }
        emit(id, "MapStateStarted", .mapStateStarted(length: run.items.count))
        if let runError { return .failed(prefixed(runError, frame: id)) }
        if state.distributed {
            run.distributed = true
            emit(id, "MapRunStarted", .mapRunStarted(mapRunArn: mapRunArn(state)))
        }
        frames[id]?.waiting = .children(run)
        startIterations(id, state)
        if run.items.isEmpty { childrenSucceeded(id, run) }
        return .suspended
    }

    /// `ToleratedFailureCount(Path)` and `ToleratedFailurePercentage(Path)` of an inline Map.
    private static func applyTolerance(_ state: MapState, _ env: PathEnvironment, to run: inout ChildrenRun) throws(StatesError) {
        if let path = state.toleratedFailureCountPath {
            run.toleratedCount = try mapLimit(0, path, "ToleratedFailureCountPath", env)
        } else {
            run.toleratedCount = state.toleratedFailureCount
        }
        if let path = state.toleratedFailurePercentagePath {
            let value = try DataFlow.select(path, in: env)
            guard case .number(let n) = value, n.double >= 0, n.double <= 100 else {
                throw StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \(value.serialized()) which is not a valid percentage: \(path)")
            }
            run.toleratedPercentage = n.double
        } else {
            run.toleratedPercentage = state.toleratedFailurePercentage
        }
    }

    /// The same for a distributed Map, with the map run's errors as AWS words them.
    private static func applyDistributedTolerance(_ state: MapState, _ env: PathEnvironment,
                                                  to run: inout ChildrenRun) throws(StatesError) {
        func quoted(_ value: JSON) -> String { "\"" + (value.stringValue ?? value.serialized()) + "\"" }
        run.toleratedCount = state.toleratedFailureCount
        if let path = state.toleratedFailureCountPath {
            let value = try DataFlow.select(path, in: env)
            guard case .number(let n) = value, let count = n.int, count >= 0 else {
                throw StatesError.runtime("The ToleratedFailureCountPath field refers to value \(quoted(value)) which is not a valid integer: \(path)")
            }
            run.toleratedCount = count
        }
        run.toleratedPercentage = state.toleratedFailurePercentage
        if let path = state.toleratedFailurePercentagePath {
            let value = try DataFlow.select(path, in: env)
            guard case .number(let n) = value else {
                throw StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \(quoted(value)) which is not a valid float: \(path)")
            }
            guard n.double >= 0, n.double <= 100 else {
                throw StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.")
            }
            run.toleratedPercentage = n.double
        }
    }

    /// `arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID`, the id drawn from the execution's
    /// seeded random source (so that a replay names the same run).
    private mutating func mapRunArn(_ state: MapState) -> String {
        let arn = info.stateMachineArn
        let account = ARNFields.field(4, of: arn).map { String(arn[$0]) } ?? ""
        var generator = SplitMix64(seed: random.next())
        let id = GenericIntrinsics.uuid(using: &generator).stringValue ?? ""
        return "arn:aws:states:\(info.region):\(account):mapRun:\(info.stateMachineName)/\(state.label ?? state.name):\(id)"
    }

    /// JSONata `Items` (default: the state input), which must give an array.
    private mutating func jsonataItems(_ id: Int, _ state: MapState, input: JSON) throws(StatesError) -> JSON {
        guard let items = state.items else {
            if case .array = input { return input }
            throw StatesError(JSONataExpression.errorName, cause: "Map state input must be an array but was: \(input.serialized())")
        }
        guard case .string(let text) = items, let body = JSONataExpression.body(of: text) else {
            return try jsonata(items, field: "Items", id, input: input)
        }
        let expression = try JSONataExpression(parsing: body)
        let bindings = jsonataBindings(id, input: input)
        if case .function = try expression.outcome(input: input, bindings: bindings, seed: random.next()) {
            throw expression.failure(field: "Items", "returned an unsupported result type.")
        }
        let value = try expression.evaluate(field: "Items", input: input, bindings: bindings, seed: random.next())
        guard case .array = value else { throw expression.unexpectedType(field: "Items", expected: "array", value: value) }
        return value
    }

    /// `MaxConcurrency(Path)`, `ToleratedFailureCount(Path)`: a non-negative integer.
    private static func mapLimit(_ literal: Int, _ path: String?, _ field: String, _ env: PathEnvironment) throws(StatesError) -> Int {
        guard let path else { return literal }
        let value = try DataFlow.select(path, in: env)
        var number: Int?
        switch value {
        case .number(let n): number = n.int
        case .string(let s): number = Int(s)
        default: number = nil
        }
        guard let v = number, v >= 0 else {
            throw StatesError.runtime("The \(field) field refers to value \(value.serialized()) which is not a valid integer: \(path)")
        }
        return v
    }

    /// Starts iterations while MaxConcurrency allows.
    mutating func startIterations(_ id: Int, _ state: MapState) {
        guard let frame = frames[id], case .children(var run)? = frame.waiting else { return }
        while run.nextIndex < run.items.count, run.maxConcurrency == 0 || run.running.count < run.maxConcurrency {
            let index = run.nextIndex
            run.nextIndex += 1
            let item = run.items[index]
            var input = item
            if let selector = state.io.parameters {
                do throws(StatesError) {
                    let context = contextObject(id, mapItem: (index, item))
                    if state.io.language == .jsonata {
                        var bindings = jsonataBindings(id, input: run.effectiveInput)
                        bindings["states"] = .object(JSONObject([("input", run.effectiveInput), ("context", context)]))
                        input = try JSONataTemplate.evaluate(selector, field: "ItemSelector", input: run.effectiveInput,
                                                             bindings: bindings, seed: random.next())
                    } else {
                        let env = PathEnvironment(input: run.effectiveInput, context: context,
                                                  variables: frame.variables, randomSeed: random.next())
                        input = try DataFlow.evaluateTemplate(selector, in: env)
                    }
                } catch {
                    frames[id]?.waiting = nil
                    abortChildren(of: id, run)
                    if stateFailed(id, state: .map(state), error: prefixed(error, frame: id)) { schedule(id) }
                    return
                }
            }
            let source = frames[id]?.source ?? frame.source
            let child = newFrame(graph: state.processor, parent: id, slot: index, variables: frame.variables, input: input, source: source)
            if run.distributed { frames[child]?.silent = true }
            emit(child, "MapIterationStarted", .mapIteration(key: "mapIterationStartedEventDetails", name: state.name, index: index))
            run.running[index] = child
            schedule(child)
        }
        frames[id]?.waiting = .children(run)
    }

    /// The error a Map fails with when a failed iteration is not tolerated, else nil.
    func exceedsTolerance(_ run: ChildrenRun, _ error: StatesError) -> StatesError? {
        guard run.toleratedCount != nil || run.toleratedPercentage != nil else { return error }
        var exceeded = false
        if let count = run.toleratedCount, run.failures > count { exceeded = true }
        if let pct = run.toleratedPercentage, !run.items.isEmpty,
           Double(run.failures) * 100 / Double(run.items.count) > pct {
            exceeded = true
        }
        return exceeded ? StatesError("States.ExceedToleratedFailureThreshold",
                                      cause: "The specified tolerated failure threshold was exceeded") : nil
    }
}
