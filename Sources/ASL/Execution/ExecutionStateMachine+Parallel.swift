import JSONValue
extension ExecutionStateMachine {
    mutating func startParallel(_ id: Int, _ state: ParallelState) -> StepOutcome {
        guard let frame = frames[id] else { return .suspended }
        let effective: JSON
        do {
            effective = try effectiveInput(id, io: state.io, input: frame.input)
        } catch {
            return .failed(prefixed(error, frame: id))
        }
        emit(id, "ParallelStateStarted")
        guard let source = frames[id]?.source else { return .suspended }
        var run = ChildrenRun(isMap: false, items: [], results: Array(repeating: nil, count: state.branches.count),
                              maxConcurrency: 0, effectiveInput: effective)
        for (index, branch) in state.branches.enumerated() {
            let child = newFrame(graph: branch, parent: id, slot: index, variables: frame.variables, input: effective, source: source)
            if state.io.inputPath == "$", state.io.parameters == nil { frames[child]?.inputText = frame.inputText }
            run.running[index] = child
            schedule(child)
        }
        frames[id]?.waiting = .children(run)
        if state.branches.isEmpty { childrenSucceeded(id, run) }
        return .suspended
    }

    /// A branch or iteration of frame `parentId` ended.
    mutating func childEnded(_ parentId: Int, child: Frame, _ result: Result<JSON, StatesError>) {
        guard var parent = frames[parentId], case .children(var run)? = parent.waiting,
              let state = parent.graph.states[parent.stateName] else { return }
        run.running[child.slot] = nil
        parent.source = max(parent.source, child.source)
        parent.lastPublished = max(parent.lastPublished, child.lastPublished)
        frames[parentId] = parent
        var failure: StatesError?
        switch result {
        case .success(let output):
            run.results[child.slot] = output
            if !run.isMap, let text = child.inputText {
                if run.resultTexts.isEmpty { run.resultTexts = Array(repeating: nil, count: run.results.count) }
                run.resultTexts[child.slot] = text
            }
            if run.isMap && !run.distributed {
                let eid = emitDetached(child.source, "MapIterationSucceeded",
                                       .mapIteration(key: "mapIterationSucceededEventDetails", name: state.name, index: child.slot))
                frames[parentId]?.lastPublished = eid
            }
        case .failure(let error):
            if run.isMap {
                if !run.distributed {
                    let eid = emitDetached(child.source, "MapIterationFailed",
                                           .mapIteration(key: "mapIterationFailedEventDetails", name: state.name, index: child.slot))
                    frames[parentId]?.lastPublished = eid
                }
                run.failures += 1
                var output = JSONObject([("Error", .string(error.error))])
                if let cause = error.cause { output["Cause"] = .string(cause) }
                run.results[child.slot] = .object(output)
                if let thresholdError = exceedsTolerance(run, error) { failure = thresholdError }
            } else {
                failure = error
            }
        }
        if let failure {
            frames[parentId]?.waiting = nil
            abortChildren(of: parentId, run)
            if run.distributed { emit(parentId, "MapRunFailed") }
            if stateFailed(parentId, state: state, error: failure, failureEvent: run.isMap ? "MapStateFailed" : "ParallelStateFailed") {
                schedule(parentId)
            }
            return
        }
        frames[parentId]?.waiting = .children(run)
        if case .map(let map) = state {
            startIterations(parentId, map)
            guard case .children(let updated)? = frames[parentId]?.waiting else { return }
            run = updated
        }
        if run.running.isEmpty, run.nextIndex >= run.items.count {
            childrenSucceeded(parentId, run)
        }
    }

    /// Every branch or iteration succeeded: record `<Type>StateSucceeded` and complete the state.
    mutating func childrenSucceeded(_ id: Int, _ run: ChildrenRun) {
        if run.distributed { emit(id, "MapRunSucceeded") }
        guard let frame = frames[id], let state = frame.graph.states[frame.stateName] else { return }
        frames[id]?.source = frame.lastPublished
        frames[id]?.waiting = nil
        emit(id, run.isMap ? "MapStateSucceeded" : "ParallelStateSucceeded", updateSource: false)
        let result = JSON.array(run.results.map { $0 ?? .null })
        let outcome: StepOutcome
        do {
            let (output, assigned) = try stateOutput(id, io: state.io, input: frame.input, result: result)
            if let text = Self.arrayText(run.resultTexts, count: run.results.count), output == result {
                frames[id]?.resultText = text
            }
            let transition: Transition
            switch state {
            case .map(let s): transition = s.transition
            case .parallel(let s): transition = s.transition
            default: transition = .end
            }
            outcome = .completed(output: output, transition: transition, assigned: assigned)
        } catch {
            outcome = .failed(prefixed(error, frame: id))
        }
        if apply(outcome, frame: id, state: state) { schedule(id) }
    }

    /// The texts as one JSON array, when every one of `count` is present (as AWS shows a Parallel
    /// result whose branches passed the client's input through).
    static func arrayText(_ texts: [String?], count: Int) -> String? {
        guard count > 0, texts.count == count else { return nil }
        var out = "["
        for (index, text) in texts.enumerated() {
            guard let text else { return nil }
            if index > 0 { out += "," }
            out += text
        }
        return out + "]"
    }

    /// Removes every frame below `parentId`, cancelling their tasks and timers.
    mutating func abortChildren(of parentId: Int, _ run: ChildrenRun) {
        var stack = Array(run.running.values)
        while let id = stack.popLast() {
            guard let frame = frames.removeValue(forKey: id) else { continue }
            switch frame.waiting {
            case .task(let task)?:
                closeTask(task)
                actions.append(.cancelTask(id: task.taskId))
            case .timer(let timer)?, .retryBackoff(let timer)?:
                timers[timer] = nil
                actions.append(.cancelTimer(id: timer))
            case .children(let inner)?:
                stack.append(contentsOf: inner.running.values)
            case nil:
                break
            }
        }
    }
}
