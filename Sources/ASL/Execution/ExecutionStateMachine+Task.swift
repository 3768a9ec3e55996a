import JSONValue
extension ExecutionStateMachine {
    mutating func runTask(_ id: Int, _ state: TaskState) -> StepOutcome {
        guard let frame = frames[id] else { return .suspended }
        let resource = TaskResource(state.resource)
        let taskId = "\(info.executionArn)#\(frame.enteredEventId)#\(frame.retryCount)"
        let token = resource.waitsForToken ? taskId : nil
        do {
            let parameters = try effectiveInput(id, io: state.io, input: frame.input, taskToken: token)
            let env = environment(id, input: frame.input, context: state.io.usesContext)
            let timeout = try seconds(state.timeoutSeconds, state.timeoutSecondsPath, field: "TimeoutSecondsPath", env)
            let heartbeat = try seconds(state.heartbeatSeconds, state.heartbeatSecondsPath, field: "HeartbeatSecondsPath", env)
            emit(id, "TaskScheduled", .taskScheduled(resourceType: resource.type, resource: resource.name, region: info.region,
                                                     parameters: parameters, timeoutInSeconds: timeout, heartbeatInSeconds: heartbeat))
            var run = TaskRun(taskId: taskId, attempt: frame.retryCount, heartbeatSeconds: heartbeat, child: resource.childMode)
            if let timeout {
                let timer = "timeout#" + taskId
                run.timeoutTimer = timer
                timers[timer] = id
                actions.append(.startTimer(id: timer, dueMilliseconds: now + Int64(timeout) * 1000))
            }
            if let heartbeat {
                let timer = "heartbeat#" + taskId
                run.heartbeatTimer = timer
                timers[timer] = id
                actions.append(.startTimer(id: timer, dueMilliseconds: now + Int64(heartbeat) * 1000))
            }
            tasks[taskId] = id
            if let mode = resource.childMode {
                run.started = true
                emit(id, "TaskStarted", .taskStarted(resourceType: resource.type, resource: resource.name))
                let request = childRequest(taskId, mode: mode, parameters: parameters)
                run.childInput = request.input
                run.childStateMachineArn = request.stateMachineArn
                actions.append(.startChildExecution(request))
            } else {
                actions.append(.invokeTask(TaskInvocation(id: taskId, stateName: state.name, resource: state.resource,
                                                          input: parameters, timeoutSeconds: timeout, heartbeatSeconds: heartbeat,
                                                          taskToken: token, credentials: state.credentials)))
            }
            frames[id]?.waiting = .task(run)
            return .suspended
        } catch {
            return .failed(prefixed(error, frame: id))
        }
    }

    private func seconds(_ literal: Int?, _ path: String?, field: String, _ env: PathEnvironment) throws(StatesError) -> Int? {
        if let literal { return literal }
        guard let path else { return nil }
        let value = try DataFlow.select(path, in: env)
        guard case .number(let n) = value, let v = n.int, v > 0 else {
            throw StatesError.runtime("The \(field) field refers to value \(value.serialized()) which is not a valid positive integer: \(path)")
        }
        return v
    }

    private func childRequest(_ taskId: String, mode: ChildExecutionRequest.Mode, parameters: JSON) -> ChildExecutionRequest {
        var input = parameters["Input"] ?? .null
        if case .string(let text) = input, let parsed = try? JSON(parsing: text) { input = parsed }
        if input.isNull { input = .object(JSONObject()) }
        return ChildExecutionRequest(taskId: taskId, stateMachineArn: parameters["StateMachineArn"]?.stringValue ?? "",
                                     input: input, name: parameters["Name"]?.stringValue, mode: mode)
    }

    /// The frame and task state waiting on task `taskId`.
    func taskWaiter(_ taskId: String) -> (Int, TaskState, TaskRun)? {
        guard let id = tasks[taskId], let frame = frames[id], case .task(let run)? = frame.waiting, run.taskId == taskId,
              case .task(let state)? = frame.graph.states[frame.stateName] else { return nil }
        return (id, state, run)
    }

    mutating func taskStarted(_ taskId: String) {
        guard let (id, state, run) = taskWaiter(taskId), !run.started else { return }
        var updated = run
        updated.started = true
        frames[id]?.waiting = .task(updated)
        let resource = TaskResource(state.resource)
        emit(id, "TaskStarted", .taskStarted(resourceType: resource.type, resource: resource.name))
    }

    mutating func taskHeartbeat(_ taskId: String) {
        guard let (_, _, run) = taskWaiter(taskId), let timer = run.heartbeatTimer, let seconds = run.heartbeatSeconds else { return }
        actions.append(.startTimer(id: timer, dueMilliseconds: now + Int64(seconds) * 1000))
    }

    /// Forgets task `run` and its timers.
    mutating func closeTask(_ run: TaskRun) {
        tasks[run.taskId] = nil
        for timer in [run.timeoutTimer, run.heartbeatTimer].compactMap({ $0 }) {
            timers[timer] = nil
            actions.append(.cancelTimer(id: timer))
        }
    }

    mutating func taskSucceeded(_ taskId: String, output: JSON) {
        guard let (id, state, run) = taskWaiter(taskId) else { return }
        closeTask(run)
        let resource = TaskResource(state.resource)
        emit(id, "TaskSucceeded", .taskOutput(key: "taskSucceededEventDetails", resourceType: resource.type,
                                              resource: resource.name, output: output))
        completeTask(id, state, result: output)
    }

    mutating func completeTask(_ id: Int, _ state: TaskState, result: JSON) {
        guard let input = frames[id]?.input else { return }
        frames[id]?.waiting = nil
        let outcome: StepOutcome
        do {
            let (output, assigned) = try stateOutput(id, io: state.io, input: input, result: result)
            outcome = .completed(output: output, transition: state.transition, assigned: assigned)
        } catch {
            outcome = .failed(prefixed(error, frame: id))
        }
        if apply(outcome, frame: id, state: .task(state)) { schedule(id) }
    }

    mutating func taskFailed(_ taskId: String, _ error: StatesError) {
        guard let (id, state, run) = taskWaiter(taskId) else { return }
        closeTask(run)
        let resource = TaskResource(state.resource)
        emit(id, "TaskFailed", .taskError(key: "taskFailedEventDetails", resourceType: resource.type, resource: resource.name,
                                          error: error.error, cause: error.cause))
        if stateFailed(id, state: .task(state), error: error) { schedule(id) }
    }

    mutating func taskTimedOut(_ id: Int, heartbeat: Bool) {
        guard let frame = frames[id], case .task(let run)? = frame.waiting,
              case .task(let state)? = frame.graph.states[frame.stateName] else { return }
        closeTask(run)
        actions.append(.cancelTask(id: run.taskId))
        let resource = TaskResource(state.resource)
        let error = StatesError(heartbeat ? "States.HeartbeatTimeout" : "States.Timeout")
        emit(id, "TaskTimedOut", .taskError(key: "taskTimedOutEventDetails", resourceType: resource.type, resource: resource.name,
                                            error: error.error, cause: error.cause))
        if stateFailed(id, state: .task(state), error: error) { schedule(id) }
    }

    /// A timer fired: a Wait, a retry back-off, a task timeout or the execution timeout.
    mutating func timerFired(_ timer: String) {
        if timer == Self.executionTimeoutTimer {
            endExecution(.timedOut, output: nil, error: "States.Timeout", cause: "The execution timed out.")
            return
        }
        guard let id = timers.removeValue(forKey: timer), let frame = frames[id] else { return }
        switch frame.waiting {
        case .timer(let t)? where t == timer:
            waitFinished(id)
        case .retryBackoff(let t)? where t == timer:
            retryState(id)
        case .task(let run)? where run.timeoutTimer == timer || run.heartbeatTimer == timer:
            taskTimedOut(id, heartbeat: run.heartbeatTimer == timer)
        default:
            break
        }
    }
}
