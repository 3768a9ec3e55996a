import JSONValue
extension ExecutionStateMachine {
    /// Enters states of frame `id` until one waits or the frame ends.
    mutating func run(_ id: Int) {
        while status == .running, frames[id]?.isRunnable == true, let stateName = frames[id]?.stateName {
            guard let state = frames[id]?.graph.states[stateName] else {
                endFrame(id, .failure(.runtime("State '\(stateName)' does not exist")))
                return
            }
            let previous = frames[id]?.source ?? 0
            frames[id]?.enteredPrevious = previous
            let entered = emit(id, state.enteredEventType, .stateEntered(name: state.name, input: frames[id]?.input ?? .null,
                                                                         inputText: frames[id]?.inputText))
            frames[id]?.enteredEventId = entered
            frames[id]?.enteredMilliseconds = now
            frames[id]?.retryCount = 0
            if frames[id]?.retrierAttempts.isEmpty == false { frames[id]?.retrierAttempts = [] }
            let outcome: StepOutcome
            switch state {
            case .pass(let s): outcome = runPass(id, s)
            case .choice(let s): outcome = runChoice(id, s)
            case .wait(let s): outcome = runWait(id, s)
            case .succeed(let s): outcome = runSucceed(id, s)
            case .fail(let s): outcome = runFail(id, s)
            case .task(let s): outcome = runTask(id, s)
            case .parallel(let s): outcome = startParallel(id, s)
            case .map(let s): outcome = startMap(id, s)
            }
            if !apply(outcome, frame: id, state: state) { return }
        }
    }

    /// Applies a state's outcome; returns whether the frame can go on running.
    @discardableResult
    mutating func apply(_ outcome: StepOutcome, frame id: Int, state: State) -> Bool {
        switch outcome {
        case .completed(let output, let transition, let assigned):
            return exitState(id, state: state, output: output, transition: transition, assigned: assigned)
        case .suspended:
            return false
        case .succeeded(let output):
            let text = unchangedText(id, output)
            emit(id, "SucceedStateExited", .stateExited(name: state.name, output: output, outputText: text, assignedVariables: nil))
            frames[id]?.inputText = text
            endFrame(id, .success(output))
            return false
        case .failState(let error):
            endFrame(id, .failure(error))
            return false
        case .failed(let error):
            guard error.error == JSONataExpression.errorName, let frame = frames[id] else {
                return stateFailed(id, state: state, error: error)
            }
            // Recorded histories: a Wait's evaluation follows its StateEntered, other states' follow what it followed.
            let previous: Int
            if case .wait = state { previous = frame.source } else { previous = frame.enteredPrevious }
            let eid = emitDetached(previous, "EvaluationFailed",
                                   .evaluationFailed(state: state.name, error: error.error, cause: error.cause, location: Self.failedField(error)))
            frames[id]?.source = eid
            if case .map = state { return stateFailed(id, state: state, error: error, failureEvent: "MapStateFailed") }
            return stateFailed(id, state: state, error: error)
        }
    }

    /// Records `<Type>StateExited` and moves the frame to the next state (or ends it).
    mutating func exitState(_ id: Int, state: State, output: JSON, transition: Transition, assigned: JSONObject?) -> Bool {
        if !state.passesInputThrough, output.exceedsPayloadLimit {
            return stateFailed(id, state: state, error: StatesError("States.DataLimitExceeded",
                cause: "The state/task '\(state.name)' returned a result with a size exceeding the maximum number of bytes service limit."))
        }
        var keptText: String?
        switch state {
        case .pass, .wait, .choice, .succeed:
            keptText = unchangedText(id, output)
        case .parallel:
            keptText = frames[id]?.resultText
            frames[id]?.resultText = nil
        default:
            break
        }
        emit(id, state.exitedEventType, .stateExited(name: state.name, output: output, outputText: keptText, assignedVariables: assigned))
        if let assigned, !assigned.isEmpty {
            for (k, v) in assigned { frames[id]?.variables[k] = v }
        }
        frames[id]?.waiting = nil
        switch transition {
        case .next(let name):
            frames[id]?.stateName = name
            frames[id]?.input = output
            frames[id]?.inputText = keptText
            return true
        case .end:
            frames[id]?.inputText = keptText
            endFrame(id, .success(output))
            return false
        }
    }

    /// The client's text for `output` when the frame's input passed through a state unchanged.
    func unchangedText(_ id: Int, _ output: JSON) -> String? {
        guard let frame = frames[id], let text = frame.inputText, output == frame.input else { return nil }
        return text
    }

    /// Ends a frame: the execution at top level, else a branch or iteration of its parent.
    mutating func endFrame(_ id: Int, _ result: Result<JSON, StatesError>) {
        guard let frame = frames.removeValue(forKey: id) else { return }
        if let parent = frame.parent {
            childEnded(parent, child: frame, result)
            return
        }
        switch result {
        case .success(let output):
            endExecution(.succeeded, output: output, outputText: frame.inputText, error: nil, cause: nil, previous: frame.source)
        case .failure(let error):
            endExecution(.failed, output: nil, error: error.error, cause: error.cause, previous: frame.source)
        }
    }

    /// Handles a failed state: Retry, then Catch, else the frame fails.
    /// - Parameter failureEvent: recorded (e.g. `MapStateFailed`) when the state is not retried.
    /// - Returns: whether the frame moved to a Catch target and can run on.
    @discardableResult
    mutating func stateFailed(_ id: Int, state: State, error: StatesError, failureEvent: String? = nil) -> Bool {
        let retriers: [Retrier], catchers: [Catcher]
        switch state {
        case .task(let s): (retriers, catchers) = (s.retriers, s.catchers)
        case .parallel(let s): (retriers, catchers) = (s.retriers, s.catchers)
        case .map(let s): (retriers, catchers) = (s.retriers, s.catchers)
        default: (retriers, catchers) = ([], [])
        }
        guard var frame = frames[id] else { return false }
        frame.waiting = nil
        if let index = retriers.firstIndex(where: { ErrorMatcher.matches($0.errorEquals, error.error) }) {
            let retrier = retriers[index]
            if frame.retrierAttempts.count < retriers.count { frame.retrierAttempts = Array(repeating: 0, count: retriers.count) }
            let attempt = frame.retrierAttempts[index]
            if attempt < retrier.maxAttempts {
                frame.retrierAttempts[index] += 1
                frame.retryCount += 1
                var delay = retrier.delay(forAttempt: attempt)
                if retrier.jitter == .full { delay *= random.unit() }
                let timer = "retry#\(frame.enteredEventId)#\(frame.retryCount)"
                frame.waiting = .retryBackoff(timerId: timer)
                frames[id] = frame
                timers[timer] = id
                actions.append(.startTimer(id: timer, dueMilliseconds: now + Int64((delay * 1000).rounded())))
                return false
            }
        }
        frames[id] = frame
        if let failureEvent { emit(id, failureEvent) }
        if let catcher = catchers.first(where: { ErrorMatcher.matches($0.errorEquals, error.error) }) {
            var errorOutput = JSONObject([("Error", .string(error.error))])
            errorOutput["Cause"] = .string(error.cause ?? "")
            if error.cause == nil { errorOutput["Cause"] = nil }
            let result = JSON.object(errorOutput)
            do {
                var output: JSON
                var assigned: JSONObject?
                if state.io.language == .jsonata {
                    output = try catcher.output.map { t throws(StatesError) in
                        try jsonata(t, field: "Output", id, input: frame.input, errorOutput: result)
                    } ?? result
                    if let assign = catcher.assign { assigned = try jsonataAssign(assign, id, input: frame.input, errorOutput: result) }
                } else {
                    output = try resultPathValue(catcher.resultPath, input: frame.input, result: result)
                    if let assign = catcher.assign { assigned = try evaluateAssign(assign, frame: id, input: result) }
                }
                return exitState(id, state: state, output: output, transition: .next(catcher.next), assigned: assigned)
            } catch {
                endFrame(id, .failure(prefixed(error, frame: id)))
                return false
            }
        }
        endFrame(id, .failure(error))
        return false
    }

    /// Resumes a frame after its retry back-off.
    mutating func retryState(_ id: Int) {
        guard let frame = frames[id], let state = frame.graph.states[frame.stateName] else { return }
        frames[id]?.waiting = nil
        let outcome: StepOutcome
        switch state {
        case .task(let s): outcome = runTask(id, s)
        case .parallel(let s): outcome = startParallel(id, s)
        case .map(let s): outcome = startMap(id, s)
        default: return
        }
        if apply(outcome, frame: id, state: state) { schedule(id) }
    }
}
