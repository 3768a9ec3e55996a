import JSONValue
extension ExecutionStateMachine {
    mutating func runWait(_ id: Int, _ state: WaitState) -> StepOutcome {
        guard let input = frames[id]?.input, let entered = frames[id]?.enteredEventId else { return .suspended }
        do {
            let effective = try inputPathValue(state.io.inputPath, id, io: state.io, input: input)
            let due = try waitDue(id, state, input: effective)
            let timer = "wait#\(entered)"
            frames[id]?.waiting = .timer(id: timer)
            timers[timer] = id
            actions.append(.startTimer(id: timer, dueMilliseconds: due))
            return .suspended
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }

    /// The Wait state's due time in epoch milliseconds.
    private mutating func waitDue(_ id: Int, _ state: WaitState, input: JSON) throws(StatesError) -> Int64 {
        if let seconds = state.seconds { return try delayed(Int64(seconds)) }
        if let source = state.secondsExpression {
            let value = try jsonata(.string(source), field: "Seconds", id, input: input)
            guard case .number(let n) = value, let seconds = n.int, seconds >= 0 else {
                let expression = try JSONataExpression(parsing: JSONataExpression.body(of: source) ?? source)
                throw expression.unexpectedType(field: "Seconds", expected: "integer", value: value)
            }
            return try delayed(Int64(seconds))
        }
        if let source = state.timestampExpression {
            let value = try jsonata(.string(source), field: "Timestamp", id, input: input)
            guard case .string(let text) = value, let ts = RFC3339Timestamp(text) else {
                throw StatesError(JSONataExpression.errorName,
                                  cause: "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(value.stringValue ?? value.serialized())")
            }
            return try bounded(ts.milliseconds)
        }
        if let text = state.timestamp, let ts = RFC3339Timestamp(text) { return try bounded(ts.milliseconds) }
        let env = environment(id, input: input, context: state.io.usesContext)
        if let path = state.secondsPath {
            let value = try DataFlow.select(path, in: env)
            guard case .number(let n) = value, let seconds = n.int, seconds >= 0 else {
                throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: \(path) == \(value.serialized())")
            }
            return try delayed(Int64(seconds))
        }
        if let path = state.timestampPath {
            let value = try DataFlow.select(path, in: env)
            guard case .string(let text) = value, let ts = RFC3339Timestamp(text) else {
                let shown = value.stringValue ?? value.serialized()
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path) == \(shown)")
            }
            return try bounded(ts.milliseconds)
        }
        return now
    }

    /// `now + seconds`, bounded like a timestamp.
    private func delayed(_ seconds: Int64) throws(StatesError) -> Int64 {
        guard seconds <= Self.maximumWaitSeconds else { throw StatesError.runtime("Wait state delay is too long.") }
        return now + seconds * 1000
    }

    /// AWS keeps delays in 32-bit seconds and refuses longer waits: "Wait state delay is too long."
    private func bounded(_ due: Int64) throws(StatesError) -> Int64 {
        guard due - now <= Self.maximumWaitSeconds * 1000 else { throw StatesError.runtime("Wait state delay is too long.") }
        return due
    }

    static var maximumWaitSeconds: Int64 { Int64(Int32.max) }

    /// The Wait timer fired: the state exits with its effective input.
    mutating func waitFinished(_ id: Int) {
        guard let frame = frames[id], case .wait(let state)? = frame.graph.states[frame.stateName] else { return }
        frames[id]?.waiting = nil
        do {
            let effective = try inputPathValue(state.io.inputPath, id, io: state.io, input: frame.input)
            var assigned: JSONObject?
            if let assign = state.io.assign { assigned = try evaluateAssign(assign, frame: id, input: effective) }
            let output = try outputPathValue(state.io.outputPath, id, io: state.io, value: effective)
            if apply(.completed(output: output, transition: state.transition, assigned: assigned), frame: id, state: .wait(state)) {
                schedule(id)
            }
        } catch {
            apply(.failed(prefixed(error, frame: id)), frame: id, state: .wait(state))
        }
    }
}

extension RFC3339Timestamp {
    /// Epoch milliseconds (rounded down).
    var milliseconds: Int64 { seconds * 1000 + Int64(nanoseconds / 1_000_000) }
}
