public import JSONValue

/// A Task invocation, from a coordinator to the workers of one activity or function.
///
/// On the wire (schema `task-invocation`, version 1) the body is a JSON object:
/// `{"key", "taskToken"?, "executionArn", "stateName", "resource", "target": {"kind", "name",
/// "qualifier"?}, "input", "timeoutSeconds"?, "heartbeatSeconds"?, "attempt",
/// "replyTo": {"exchange", "routingKey"}}`; `message-id` and `correlation-id` carry the key.
/// A consumer ignores fields it does not know, so new optional fields keep version 1.
public struct TaskInvocationMessage: Sendable, Hashable {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "task-invocation"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// The idempotency key (`TaskInvocation.id`: execution ARN, state-entered event id, attempt).
    /// A result carries it back; the coordinator drops results whose key is no longer current.
    public var key: String
    /// The callback token (`$$.Task.Token`), when the state has one.
    public var taskToken: String?
    public var executionArn: String
    public var stateName: String
    /// The Task state's `Resource` as written.
    public var resource: String
    /// The activity or function to run (resolved from the resource, see ``TaskTarget/resolve(resource:parameters:)``).
    public var target: TaskTarget
    /// The handler's input. For `lambda:invoke` it is the parameters' `Payload` (`{}` when absent),
    /// which is what a Lambda function receives as its event.
    public var input: JSON
    public var timeoutSeconds: Int?
    public var heartbeatSeconds: Int?
    /// 0 for the first attempt, 1 for the first retry, ...
    public var attempt: Int
    /// Where the worker publishes results and heartbeats.
    public var replyTo: ReplyAddress
    /// When the coordinator scheduled it (epoch milliseconds, the history's clock), if it says: a
    /// worker's queue-wait metric is the time from then to the delivery.
    public var scheduledAt: Int64?
    /// The W3C `traceparent` of the coordinator's span for this task, when it traces: the worker's
    /// span hangs under it. In the body (each invocation of a bundle has its own) and, for a
    /// message of one invocation, as the AMQP header `traceparent`.
    public var traceparent: String?

    /// - Parameters: one per property; see each property.
    public init(key: String, taskToken: String? = nil, executionArn: String, stateName: String,
                resource: String, target: TaskTarget, input: JSON, timeoutSeconds: Int? = nil,
                heartbeatSeconds: Int? = nil, attempt: Int = 0, replyTo: ReplyAddress = .standard) {
        self.key = key
        self.taskToken = taskToken
        self.executionArn = executionArn
        self.stateName = stateName
        self.resource = resource
        self.target = target
        self.input = input
        self.timeoutSeconds = timeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.attempt = attempt
        self.replyTo = replyTo
    }

    /// What the handler receives for a Task's effective parameters: the parameters themselves,
    /// or for `lambda:invoke` their `Payload` (`{}` when absent), as a Lambda function would.
    public static func handlerInput(resource: String, parameters: JSON) -> JSON {
        guard TaskTarget.isLambdaInvoke(resource) else { return parameters }
        return parameters["Payload"] ?? .object(JSONObject())
    }

    /// The message to publish to ``TaskTarget/queue`` of ``target``.
    public func encoded() -> WireMessage {
        var o = JSONWriter(capacity: 512)
        o.beginObject()
        o.member("key", key)
        o.member("taskToken", ifPresent: taskToken)
        o.member("executionArn", executionArn)
        o.member("stateName", stateName)
        o.member("resource", resource)
        o.key("target")
        o.beginObject()
        o.member("kind", target.kind.rawValue)
        o.member("name", target.name)
        o.member("qualifier", ifPresent: target.qualifier)
        o.endObject()
        o.member("input", input)
        o.member("timeoutSeconds", ifPresent: timeoutSeconds)
        o.member("heartbeatSeconds", ifPresent: heartbeatSeconds)
        o.member("attempt", attempt)
        if let scheduledAt { o.member("scheduledAt", Int(scheduledAt)) }
        o.member("traceparent", ifPresent: traceparent)
        o.key("replyTo")
        o.beginObject()
        o.member("exchange", replyTo.exchange)
        o.member("routingKey", replyTo.routingKey)
        o.endObject()
        o.endObject()
        var headers = WireMessage.schemaHeaders(Self.schema, version: Self.version)
        if let traceparent { headers[WireNames.traceparentHeader] = traceparent }
        return WireMessage(body: o.bytes(), headers: headers, messageID: key, correlationID: key)
    }

    /// Decodes a received message.
    /// - Throws: ``MessageError`` for another schema, an unsupported version or a malformed body.
    public init(decoding message: WireMessage) throws(MessageError) {
        try self.init(fields: message.object(schema: Self.schema, supportedVersions: Self.supportedVersions))
    }

    /// Decodes the body's fields (of a message, or of one entry of a ``TaskInvocationBundle``).
    init(fields f: JSONFields) throws(MessageError) {
        let key = try f.string("key")
        let t = try f.fields("target")
        let kindText = try t.string("kind")
        guard let kind = TaskTarget.Kind(rawValue: kindText) else {
            throw .malformedBody("task-invocation target kind '\(kindText)' is not activity or function")
        }
        let r = try f.fields("replyTo")
        let scheduledAt = try f.optionalInt("scheduledAt")
        let traceparent = try f.optionalString("traceparent")
        self.init(key: key, taskToken: try f.optionalString("taskToken"),
                  executionArn: try f.string("executionArn"), stateName: try f.string("stateName"),
                  resource: try f.string("resource"),
                  target: TaskTarget(kind: kind, name: try t.string("name"), qualifier: try t.optionalString("qualifier")),
                  input: try f.json("input"), timeoutSeconds: try f.optionalInt("timeoutSeconds"),
                  heartbeatSeconds: try f.optionalInt("heartbeatSeconds"), attempt: try f.int("attempt"),
                  replyTo: ReplyAddress(exchange: try r.string("exchange"), routingKey: try r.string("routingKey")))
        self.scheduledAt = scheduledAt.map(Int64.init)
        self.traceparent = traceparent
    }
}
