public import JSONValue
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
        var o = JSONWriter(capacity: 512)
        o.beginObject()
        switch self {
        case .none:
            return "{}"
        case .executionStarted(let input, let role):
            o.key("executionStartedEventDetails"); o.beginObject()
            o.member("input", input); o.key("inputDetails"); o.truncated(); o.member("roleArn", role)
        case .executionSucceeded(let output, let outputText):
            o.key("executionSucceededEventDetails"); o.beginObject()
            o.key("output"); o.text(output, outputText); o.key("outputDetails"); o.truncated()
        case .executionEnded(let key, let error, let cause):
            o.key(named: key); o.beginObject()
            o.member("error", ifPresent: error)
            o.member("cause", ifPresent: cause)
        case .stateEntered(let name, let input, let inputText):
            o.key("stateEnteredEventDetails"); o.beginObject()
            o.member("name", name); o.key("input"); o.text(input, inputText); o.key("inputDetails"); o.truncated()
        case .stateExited(let name, let output, let outputText, let assigned):
            o.key("stateExitedEventDetails"); o.beginObject()
            o.member("name", name); o.key("output"); o.text(output, outputText); o.key("outputDetails"); o.truncated()
            if let assigned {
                o.key("assignedVariables"); o.beginObject()
                for (k, v) in assigned { o.key(named: k); o.textOf(v) }
                o.endObject()
                o.key("assignedVariablesDetails"); o.truncated()
            }
        case .mapStateStarted(let length):
            o.key("mapStateStartedEventDetails"); o.beginObject()
            o.member("length", length)
        case .mapIteration(let key, let name, let index):
            o.key(named: key); o.beginObject()
            o.member("name", name); o.member("index", index)
        case .mapRunStarted(let arn):
            o.key("mapRunStartedEventDetails"); o.beginObject()
            o.member("mapRunArn", arn)
        case .taskScheduled(let type, let resource, let region, let parameters, let timeout, let heartbeat):
            o.key("taskScheduledEventDetails"); o.beginObject()
            o.member("resourceType", type); o.member("resource", resource); o.member("region", region)
            o.key("parameters"); o.textOf(parameters)
            o.member("timeoutInSeconds", ifPresent: timeout)
            o.member("heartbeatInSeconds", ifPresent: heartbeat)
        case .taskStarted(let type, let resource):
            o.key("taskStartedEventDetails"); o.beginObject()
            o.member("resourceType", type); o.member("resource", resource)
        case .taskOutput(let key, let type, let resource, let output):
            o.key(named: key); o.beginObject()
            o.member("resourceType", type); o.member("resource", resource); o.key("output"); o.textOf(output)
            o.key("outputDetails"); o.truncated()
        case .evaluationFailed(let state, let error, let cause, let location):
            o.key("evaluationFailedEventDetails"); o.beginObject()
            o.member("error", error)
            o.member("cause", ifPresent: cause)
            o.member("location", ifPresent: location)
            o.member("state", state)
        case .taskError(let key, let type, let resource, let error, let cause):
            o.key(named: key); o.beginObject()
            o.member("resourceType", type); o.member("resource", resource)
            o.member("error", ifPresent: error)
            o.member("cause", ifPresent: cause)
        }
        o.endObject()
        o.endObject()
        return o.string()
    }

    /// The key and object AWS uses, or nil for events without details (``text()`` parsed).
    public func rendered() -> (String, JSONObject)? {
        guard case .object(let o)? = try? JSON(parsing: text()), let key = o.keys.first,
              case .object(let details)? = o[key] else { return nil }
        return (key, details)
    }
}

extension JSONWriter {
    /// `{"truncated":false}`, AWS's `…Details` companion of a payload.
    mutating func truncated() {
        beginObject(); key("truncated"); bool(false); endObject()
    }

    /// The client's text when given, else the value's serialization, as a string.
    mutating func text(_ value: JSON, _ text: String?) {
        if let text { string(text) } else { textOf(value) }
    }
}
