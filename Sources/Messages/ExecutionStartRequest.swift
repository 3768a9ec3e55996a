import JSONValue

/// A request to start an execution, published to the shard queue of the execution it creates
/// (`stepwise.shard.N` of `ARNs.executionArn(stateMachineArn:name:)`: a parent execution's
/// `states:startExecution` task sends it there, so the coordinator that will run the child creates
/// it) or to ``WireNames/startQueue`` (any sender; every coordinator consumes it).
///
/// On the wire (schema `execution-start`, version 1): `{"stateMachineArn", "name", "input"
/// (the input as JSON text), "parent"?: {"executionArn", "taskKey", "mode"}}`; `message-id`
/// is the execution name, so a redelivered request starts nothing twice (names are unique per
/// state machine, and the coordinator treats a repeated name with the same input as done).
public struct ExecutionStartRequest: Sendable, Hashable {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "execution-start"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// The execution that asked for this one, and how it waits.
    public struct Parent: Sendable, Hashable {
        /// The parent's execution ARN (`AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`).
        public var executionArn: String
        /// The parent's task key, which the answer names.
        public var taskKey: String
        /// `requestResponse`, `sync`, `sync2` or `waitForTaskToken`.
        public var mode: String

        public init(executionArn: String, taskKey: String, mode: String) {
            self.executionArn = executionArn
            self.taskKey = taskKey
            self.mode = mode
        }
    }

    public var stateMachineArn: String
    /// The execution name (chosen by the sender when the user gave none, so retries are idempotent).
    public var name: String
    /// The input JSON text, exactly as given.
    public var input: String
    public var parent: Parent?
    /// The W3C `traceparent` of the parent's task span, when the parent's coordinator traces: the
    /// child's execution span hangs under it (also sent as the AMQP header `traceparent`).
    public var traceparent: String?

    public init(stateMachineArn: String, name: String, input: String, parent: Parent? = nil) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
        self.parent = parent
    }

    /// The message to publish to ``WireNames/startQueue``.
    public func encoded() -> WireMessage {
        var o = JSONObject()
        o["stateMachineArn"] = .string(stateMachineArn)
        o["name"] = .string(name)
        o["input"] = .string(input)
        if let parent {
            o["parent"] = .object(JSONObject([("executionArn", .string(parent.executionArn)),
                                              ("taskKey", .string(parent.taskKey)), ("mode", .string(parent.mode))]))
        }
        if let traceparent { o["traceparent"] = .string(traceparent) }
        var headers = WireMessage.schemaHeaders(Self.schema, version: Self.version)
        if let traceparent { headers[WireNames.traceparentHeader] = traceparent }
        return WireMessage(body: JSON.object(o).serializedBytes(), headers: headers, messageID: name, correlationID: parent?.taskKey)
    }

    /// Decodes a received message.
    /// - Throws: ``MessageError`` for another schema, an unsupported version or a malformed body.
    public init(decoding message: WireMessage) throws(MessageError) {
        let f = try message.object(schema: Self.schema, supportedVersions: Self.supportedVersions)
        var parent: Parent? = nil
        if let p = try f.optionalFields("parent") {
            parent = Parent(executionArn: try p.string("executionArn"), taskKey: try p.string("taskKey"), mode: try p.string("mode"))
        }
        self.init(stateMachineArn: try f.string("stateMachineArn"), name: try f.string("name"),
                  input: try f.string("input"), parent: parent)
        traceparent = try f.optionalString("traceparent")
    }
}
