import JSONValue
extension ExecutionStateMachine {
    mutating func runPass(_ id: Int, _ state: PassState) -> StepOutcome {
        guard let input = frames[id]?.input else { return .suspended }
        if state.io.isIdentity, state.result == nil {
            return .completed(output: input, transition: state.transition, assigned: nil)
        }
        do {
            let effective = try effectiveInput(id, io: state.io, input: input)
            let (output, assigned) = try stateOutput(id, io: state.io, input: input, result: state.result ?? effective)
            return .completed(output: output, transition: state.transition, assigned: assigned)
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }

    mutating func runSucceed(_ id: Int, _ state: SucceedState) -> StepOutcome {
        guard let input = frames[id]?.input else { return .suspended }
        do {
            let effective = try inputPathValue(state.io.inputPath, id, io: state.io, input: input)
            return .succeeded(output: try outputPathValue(state.io.outputPath, id, io: state.io, value: effective))
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }

    mutating func runFail(_ id: Int, _ state: FailState) -> StepOutcome {
        guard let input = frames[id]?.input else { return .suspended }
        do {
            let error = try failField(id, literal: state.error, path: state.errorPath, field: "ErrorPath", input: input, language: state.language)
            let cause = try failField(id, literal: state.cause, path: state.causePath, field: "CausePath", input: input, language: state.language)
            return .failState(StatesError(error ?? "", cause: cause))
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }

    private mutating func failField(_ id: Int, literal: String?, path: String?, field: String, input: JSON,
                                    language: QueryLanguage) throws(StatesError) -> String? {
        if let literal, language == .jsonata, JSONataExpression.isExpression(literal) {
            let name = field == "ErrorPath" ? "Error" : "Cause"
            let value = try jsonata(.string(literal), field: name, id, input: input)
            guard case .string(let s) = value else {
                let expression = try JSONataExpression(parsing: JSONataExpression.body(of: literal) ?? literal)
                throw expression.unexpectedType(field: name, expected: "string", value: value)
            }
            return s
        }
        if let literal { return literal }
        guard let path else { return nil }
        let env = environment(id, input: input)
        let value: JSON
        if path.hasPrefix("States.") {
            value = try DataFlow.evaluateIntrinsic(path, in: env)
        } else {
            guard let found = DataFlow.query(path, in: env) else {
                throw StatesError.runtime("The JSONPath '\(path)' specified for the field '\(field)' could not be found in the input '\(input.serialized())'")
            }
            value = found
        }
        guard case .string(let s) = value else {
            throw StatesError.runtime("The JSONPath '\(path)' specified for the field '\(field)' must resolve to a string, but resolved to '\(value.serialized())'")
        }
        return s
    }

    mutating func runChoice(_ id: Int, _ state: ChoiceState) -> StepOutcome {
        guard let input = frames[id]?.input else { return .suspended }
        do {
            let effective = try inputPathValue(state.io.inputPath, id, io: state.io, input: input)
            let env = environment(id, input: effective, context: state.io.usesContext)
            let bindings = state.io.language == .jsonata ? jsonataBindings(id, input: effective) : [:]
            var next: String?
            var ruleAssign: JSON?
            var ruleOutput: JSON?
            for rule in state.choices where try ChoiceEvaluator.evaluate(rule.condition, in: env, bindings: bindings) {
                next = rule.next
                ruleAssign = rule.assign
                ruleOutput = rule.output
                break
            }
            if next == nil {
                guard let fallback = state.defaultState else {
                    return .failed(StatesError("States.NoChoiceMatched",
                                               cause: "No Matches! at state '\(state.name)'"))
                }
                next = fallback
            }
            // The state's Assign applies whichever way it goes; a matched rule's Assign is added on top.
            var assigned: JSONObject?
            if let assign = state.io.assign { assigned = try evaluateAssign(assign, frame: id, input: effective) }
            if let ruleAssign {
                var merged = assigned ?? JSONObject()
                for (k, v) in try evaluateAssign(ruleAssign, frame: id, input: effective) { merged[k] = v }
                assigned = merged
            }
            var io = state.io
            if let ruleOutput { io.output = ruleOutput }
            let output = try outputPathValue(io.outputPath, id, io: io, value: effective)
            return .completed(output: output, transition: .next(next ?? ""), assigned: assigned)
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }
}

