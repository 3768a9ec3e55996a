import JSONValue
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
            let output = startResponse(outcome.executionArn, startDate)
            emit(id, "TaskSucceeded", .taskOutput(key: "taskSucceededEventDetails", resourceType: resource.type,
                                                  resource: resource.name, output: output))
            completeTask(id, state, result: output)
            return
        }
        let submitted = startResponse(outcome.executionArn, startDate)
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

    /// The StartExecution response as AWS's service integration returns it, SDK metadata included.
    private mutating func startResponse(_ executionArn: String, _ startDate: JSON) -> JSON {
        let requestId = uuidString()
        let body = JSON.object(JSONObject([("executionArn", .string(executionArn)), ("startDate", startDate)])).serialized()
        let length = String(body.utf8.count)
        let all = JSONObject([("x-amzn-RequestId", .array([.string(requestId)])), ("connection", .array([.string("keep-alive")])),
                              ("Content-Length", .array([.string(length)])), ("Date", .string(RFC3339Timestamp.format(milliseconds: now))),
                              ("Content-Type", .array([.string("application/x-amz-json-1.0")]))])
        let headers = JSONObject([("connection", .string("keep-alive")), ("Content-Length", .string(length)),
                                  ("Content-Type", .string("application/x-amz-json-1.0")),
                                  ("Date", .string(RFC3339Timestamp.format(milliseconds: now))), ("x-amzn-RequestId", .string(requestId))])
        let http = JSONObject([("AllHttpHeaders", .object(all)), ("HttpHeaders", .object(headers)), ("HttpStatusCode", .int(200))])
        return .object(JSONObject([("ExecutionArn", .string(executionArn)), ("SdkHttpMetadata", .object(http)),
                                   ("SdkResponseMetadata", .object(JSONObject([("RequestId", .string(requestId))]))),
                                   ("StartDate", startDate)]))
    }

    /// A random (seeded) version-4 UUID.
    mutating func uuidString() -> String {
        let hex = Array(String(random.next(), radix: 16).leftPadded(16) + String(random.next(), radix: 16).leftPadded(16))
        return String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-4" + String(hex[13..<16]) + "-a" + String(hex[17..<20]) + "-" + String(hex[20..<32])
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
