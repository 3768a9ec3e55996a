import JSONValue

/// Something that happens to a running execution from outside its tasks, sent to the queue of
/// the shard that owns it: a stop request, or news about a child execution it started.
///
/// On the wire (schema `execution-signal`, version 1): `{"executionArn", "kind", "taskKey"?,
/// "error"?, "cause"?, "child"?: {"executionArn", "status", "output"? (JSON text), "error"?,
/// "cause"?, "startMilliseconds", "stopMilliseconds"?}, "output"? (JSON text)}`.
public struct ExecutionSignal: Sendable, Hashable {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "execution-signal"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// StopExecution: abort with `error` and `cause`.
        case stop
        /// A child started (request-response answers now) or ended (`.sync`, `.sync:2`).
        case child
        /// A child could not be started: fail the task with `error` and `cause`.
        case childFailedToStart
        /// SendTaskSuccess for the task `taskKey` (its token) with `output`.
        case taskSuccess
        /// SendTaskFailure for the task `taskKey` with `error` and `cause`.
        case taskFailure
        /// SendTaskHeartbeat for the task `taskKey`.
        case taskHeartbeat
    }

    /// A child execution as its parent's task sees it.
    public struct Child: Sendable, Hashable {
        public var executionArn: String
        /// `RUNNING` (just started) or a terminal status.
        public var status: String
        /// The output JSON text, once succeeded.
        public var output: String?
        public var error: String?
        public var cause: String?
        public var startMilliseconds: Int64
        public var stopMilliseconds: Int64?

        public init(executionArn: String, status: String, output: String? = nil, error: String? = nil,
                    cause: String? = nil, startMilliseconds: Int64, stopMilliseconds: Int64? = nil) {
            self.executionArn = executionArn
            self.status = status
            self.output = output
            self.error = error
            self.cause = cause
            self.startMilliseconds = startMilliseconds
            self.stopMilliseconds = stopMilliseconds
        }
    }

    public var executionArn: String
    public var kind: Kind
    /// The parent's task key the child answers.
    public var taskKey: String?
    public var error: String?
    public var cause: String?
    public var child: Child?
    /// The task's output JSON text (`taskSuccess`).
    public var output: String?

    public init(executionArn: String, kind: Kind, taskKey: String? = nil, error: String? = nil,
                cause: String? = nil, child: Child? = nil, output: String? = nil) {
        self.executionArn = executionArn
        self.kind = kind
        self.taskKey = taskKey
        self.error = error
        self.cause = cause
        self.child = child
        self.output = output
    }

    /// The message to publish to the owning shard's queue.
    public func encoded() -> WireMessage {
        var o = JSONObject()
        o["executionArn"] = .string(executionArn)
        o["kind"] = .string(kind.rawValue)
        o.set("taskKey", taskKey)
        o.set("error", error)
        o.set("cause", cause)
        o.set("output", output)
        if let child {
            var c = JSONObject()
            c["executionArn"] = .string(child.executionArn)
            c["status"] = .string(child.status)
            c.set("output", child.output)
            c.set("error", child.error)
            c.set("cause", child.cause)
            c["startMilliseconds"] = .number(JSONNumber(Int(child.startMilliseconds)))
            if let stop = child.stopMilliseconds { c["stopMilliseconds"] = .number(JSONNumber(Int(stop))) }
            o["child"] = .object(c)
        }
        return WireMessage(body: JSON.object(o).serializedBytes(),
                           headers: WireMessage.schemaHeaders(Self.schema, version: Self.version),
                           correlationID: taskKey)
    }

    /// Decodes a received message.
    /// - Throws: ``MessageError`` for another schema, an unsupported version or a malformed body.
    public init(decoding message: WireMessage) throws(MessageError) {
        let f = try message.object(schema: Self.schema, supportedVersions: Self.supportedVersions)
        let kindText = try f.string("kind")
        guard let kind = Kind(rawValue: kindText) else {
            throw .malformedBody("execution-signal kind '\(kindText)' is unknown")
        }
        var child: Child? = nil
        if let c = try f.optionalFields("child") {
            child = Child(executionArn: try c.string("executionArn"), status: try c.string("status"),
                          output: try c.optionalString("output"), error: try c.optionalString("error"),
                          cause: try c.optionalString("cause"), startMilliseconds: try c.optionalInt64("startMilliseconds") ?? 0,
                          stopMilliseconds: try c.optionalInt64("stopMilliseconds"))
        }
        self.init(executionArn: try f.string("executionArn"), kind: kind, taskKey: try f.optionalString("taskKey"),
                  error: try f.optionalString("error"), cause: try f.optionalString("cause"), child: child,
                  output: try f.optionalString("output"))
    }
}
