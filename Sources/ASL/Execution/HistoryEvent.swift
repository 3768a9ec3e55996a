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

    /// The event's details as JSON text: `{"<key>":{…}}` with AWS's `…EventDetails` key and members,
    /// or `{}` for events without details. Written straight to bytes (every event of every
    /// execution is rendered once, on the hot path).
    public func text() -> String {
        var o = DetailsWriter()
        switch self {
        case .none:
            return "{}"
        case .executionStarted(let input, let role):
            o.open("executionStartedEventDetails")
            o.string("input", input); o.truncated("inputDetails"); o.string("roleArn", role)
        case .executionSucceeded(let output, let outputText):
            o.open("executionSucceededEventDetails")
            o.text("output", output, outputText); o.truncated("outputDetails")
        case .executionEnded(let key, let error, let cause):
            o.open(key)
            if let error { o.string("error", error) }
            if let cause { o.string("cause", cause) }
        case .stateEntered(let name, let input, let inputText):
            o.open("stateEnteredEventDetails")
            o.string("name", name); o.text("input", input, inputText); o.truncated("inputDetails")
        case .stateExited(let name, let output, let outputText, let assigned):
            o.open("stateExitedEventDetails")
            o.string("name", name); o.text("output", output, outputText); o.truncated("outputDetails")
            if let assigned {
                o.key("assignedVariables"); o.begin()
                for (k, v) in assigned { o.text(k, v, nil) }
                o.end()
                o.truncated("assignedVariablesDetails")
            }
        case .mapStateStarted(let length):
            o.open("mapStateStartedEventDetails")
            o.int("length", length)
        case .mapIteration(let key, let name, let index):
            o.open(key)
            o.string("name", name); o.int("index", index)
        case .mapRunStarted(let arn):
            o.open("mapRunStartedEventDetails")
            o.string("mapRunArn", arn)
        case .taskScheduled(let type, let resource, let region, let parameters, let timeout, let heartbeat):
            o.open("taskScheduledEventDetails")
            o.string("resourceType", type); o.string("resource", resource); o.string("region", region)
            o.text("parameters", parameters, nil)
            if let timeout { o.int("timeoutInSeconds", timeout) }
            if let heartbeat { o.int("heartbeatInSeconds", heartbeat) }
        case .taskStarted(let type, let resource):
            o.open("taskStartedEventDetails")
            o.string("resourceType", type); o.string("resource", resource)
        case .taskOutput(let key, let type, let resource, let output):
            o.open(key)
            o.string("resourceType", type); o.string("resource", resource); o.text("output", output, nil)
            o.truncated("outputDetails")
        case .evaluationFailed(let state, let error, let cause, let location):
            o.open("evaluationFailedEventDetails")
            o.string("error", error)
            if let cause { o.string("cause", cause) }
            if let location { o.string("location", location) }
            o.string("state", state)
        case .taskError(let key, let type, let resource, let error, let cause):
            o.open(key)
            o.string("resourceType", type); o.string("resource", resource)
            if let error { o.string("error", error) }
            if let cause { o.string("cause", cause) }
        }
        return o.finish()
    }

    /// The key and object AWS uses, or nil for events without details (``text()`` parsed).
    public func rendered() -> (String, JSONObject)? {
        guard case .object(let o)? = try? JSON(parsing: text()), let key = o.keys.first,
              case .object(let details)? = o[key] else { return nil }
        return (key, details)
    }
}
