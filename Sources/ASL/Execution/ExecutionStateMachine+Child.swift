extension ExecutionStateMachine {
    /// A `states:startExecution` child ended: build AWS's DescribeExecution-shaped task output.
    mutating func childFinished(_ taskId: String, _ outcome: ChildExecutionOutcome) {
        guard let (id, state, run) = taskWaiter(taskId), let mode = run.child else { return }
        let resource = TaskResource(state.resource)
        let name = String(outcome.executionArn.split(separator: ":").last ?? "")
        var description = JSONObject()
        description["ExecutionArn"] = .string(outcome.executionArn)
        let startDate = JSON.int(Int(outcome.startMilliseconds))
        if mode == .requestResponse {
            closeTask(run)
            let output = JSON.object(JSONObject([("ExecutionArn", .string(outcome.executionArn)), ("StartDate", startDate)]))
            emit(id, "TaskSucceeded", .taskOutput(key: "taskSucceededEventDetails", resourceType: resource.type,
                                                  resource: resource.name, output: output))
            completeTask(id, state, result: output)
            return
        }
        let submitted = JSON.object(JSONObject([("ExecutionArn", .string(outcome.executionArn)), ("StartDate", startDate)]))
        emit(id, "TaskSubmitted", .taskOutput(key: "taskSubmittedEventDetails", resourceType: resource.type,
                                              resource: resource.name, output: submitted))
        let childInput = run.childInput ?? .object(JSONObject())
        if outcome.status != .succeeded {
            description["Cause"] = outcome.cause.map(JSON.string)
            description["Error"] = outcome.error.map(JSON.string)
        }
        description["Input"] = mode == .sync2 ? childInput : .string(childInput.serialized())
        description["InputDetails"] = .object(JSONObject([("Included", .bool(true))]))
        description["Name"] = .string(name)
        if outcome.status == .succeeded, let output = outcome.output {
            description["Output"] = mode == .sync2 ? output : .string(output.serialized())
            description["OutputDetails"] = .object(JSONObject([("Included", .bool(true))]))
        }
        description["RedriveCount"] = .int(0)
        description["RedriveStatus"] = .string("NOT_REDRIVABLE")
        description["StartDate"] = startDate
        description["StateMachineArn"] = .string(run.childStateMachineArn ?? "")
        description["Status"] = .string(outcome.status.rawValue)
        description["StopDate"] = .int(Int(outcome.stopMilliseconds))
        if outcome.status == .succeeded {
            closeTask(run)
            emit(id, "TaskSucceeded", .taskOutput(key: "taskSucceededEventDetails", resourceType: resource.type,
                                                  resource: resource.name, output: .object(description)))
            completeTask(id, state, result: .object(description))
        } else {
            let error = StatesError("States.TaskFailed", cause: JSON.object(description).serialized())
            taskFailed(taskId, error)
        }
    }
}

