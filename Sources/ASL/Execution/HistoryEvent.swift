/// One GetExecutionHistory event.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, in the order events happened.
    public var id: Int
    /// The event this one follows from (0 for the first of a chain).
    public var previousEventId: Int
    /// Epoch milliseconds.
    public var timestampMilliseconds: Int64
    /// AWS's event type, e.g. `PassStateEntered`.
    public var type: String
    /// The `*EventDetails` payload.
    public var details: HistoryEventDetails

    /// The event as GetExecutionHistory renders it (`timestamp` in epoch seconds).
    public func json() -> JSON {
        var o = JSONObject()
        o["id"] = .int(id)
        o["previousEventId"] = .int(previousEventId)
        o["timestamp"] = .double(Double(timestampMilliseconds) / 1000)
        o["type"] = .string(type)
        if let (key, value) = details.rendered() { o[key] = .object(value) }
        return .object(o)
    }
}

/// The `*EventDetails` of a history event, typed; rendered to AWS's JSON shape on demand so the
/// hot path never serialises payloads.
public enum HistoryEventDetails: Sendable, Hashable {
    case none
    case executionStarted(inputText: String, roleArn: String)
    /// `outputText`: the client's text, when the execution input passed through unchanged.
    case executionSucceeded(output: JSON, outputText: String? = nil)
    /// `executionFailedEventDetails`, `executionAbortedEventDetails`, `executionTimedOutEventDetails`.
    indirect case executionEnded(key: String, error: String?, cause: String?)
    /// `inputText`: the execution input as sent, for the first state.
    case stateEntered(name: String, input: JSON, inputText: String?)
    /// `outputText`: the execution input as sent, while it passes through unchanged (for a Parallel
    /// state, its branches' texts in an array).
    case stateExited(name: String, output: JSON, outputText: String? = nil, assignedVariables: JSONObject?)
    case mapStateStarted(length: Int)
    /// `mapIteration{Started,Succeeded,Failed,Aborted}EventDetails`.
    case mapIteration(key: String, name: String, index: Int)
    /// `mapRunStartedEventDetails`.
    case mapRunStarted(mapRunArn: String)
    indirect case taskScheduled(resourceType: String, resource: String, region: String, parameters: JSON,
                       timeoutInSeconds: Int?, heartbeatInSeconds: Int?)
    /// `taskStartedEventDetails`.
    case taskStarted(resourceType: String, resource: String)
    /// `taskSucceededEventDetails`, `taskSubmittedEventDetails`.
    indirect case taskOutput(key: String, resourceType: String, resource: String, output: JSON)
    /// A JSONata evaluation failed in `state` (`location` is the field).
    indirect case evaluationFailed(state: String, error: String, cause: String?, location: String?)
    /// `taskFailedEventDetails`, `taskTimedOutEventDetails`.
    indirect case taskError(key: String, resourceType: String, resource: String, error: String?, cause: String?)

    /// The key and object AWS uses, or nil for events without details.
    public func rendered() -> (String, JSONObject)? {
        let truncated = JSON.object(JSONObject([("truncated", .bool(false))]))
        switch self {
        case .none:
            return nil
        case .executionStarted(let input, let role):
            return ("executionStartedEventDetails", JSONObject([("input", .string(input)),
                                                                ("inputDetails", truncated), ("roleArn", .string(role))]))
        case .executionSucceeded(let output, let outputText):
            return ("executionSucceededEventDetails", JSONObject([("output", .string(outputText ?? output.serialized())),
                                                                  ("outputDetails", truncated)]))
        case .executionEnded(let key, let error, let cause):
            var o = JSONObject()
            if let error { o["error"] = .string(error) }
            if let cause { o["cause"] = .string(cause) }
            return (key, o)
        case .stateEntered(let name, let input, let inputText):
            return ("stateEnteredEventDetails", JSONObject([("name", .string(name)), ("input", .string(inputText ?? input.serialized())),
                                                            ("inputDetails", truncated)]))
        case .stateExited(let name, let output, let outputText, let assigned):
            var o = JSONObject([("name", .string(name)), ("output", .string(outputText ?? output.serialized())), ("outputDetails", truncated)])
            if let assigned {
                var values = JSONObject()
                for (k, v) in assigned { values[k] = .string(v.serialized()) }
                o["assignedVariables"] = .object(values)
                o["assignedVariablesDetails"] = truncated
            }
            return ("stateExitedEventDetails", o)
        case .mapStateStarted(let length):
            return ("mapStateStartedEventDetails", JSONObject([("length", .int(length))]))
        case .mapIteration(let key, let name, let index):
            return (key, JSONObject([("name", .string(name)), ("index", .int(index))]))
        case .mapRunStarted(let arn):
            return ("mapRunStartedEventDetails", JSONObject([("mapRunArn", .string(arn))]))
        case .taskScheduled(let type, let resource, let region, let parameters, let timeout, let heartbeat):
            var o = JSONObject([("resourceType", .string(type)), ("resource", .string(resource)), ("region", .string(region)),
                                ("parameters", .string(parameters.serialized()))])
            if let timeout { o["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { o["heartbeatInSeconds"] = .int(heartbeat) }
            return ("taskScheduledEventDetails", o)
        case .taskStarted(let type, let resource):
            return ("taskStartedEventDetails", JSONObject([("resourceType", .string(type)), ("resource", .string(resource))]))
        case .taskOutput(let key, let type, let resource, let output):
            return (key, JSONObject([("resourceType", .string(type)), ("resource", .string(resource)),
                                     ("output", .string(output.serialized())), ("outputDetails", truncated)]))
        case .evaluationFailed(let state, let error, let cause, let location):
            var o = JSONObject([("error", .string(error))])
            if let cause { o["cause"] = .string(cause) }
            if let location { o["location"] = .string(location) }
            o["state"] = .string(state)
            return ("evaluationFailedEventDetails", o)
        case .taskError(let key, let type, let resource, let error, let cause):
            var o = JSONObject([("resourceType", .string(type)), ("resource", .string(resource))])
            if let error { o["error"] = .string(error) }
            if let cause { o["cause"] = .string(cause) }
            return (key, o)
        }
    }
}
