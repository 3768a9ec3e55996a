public import JSONValue

/// A worker's answer to a ``TaskInvocationMessage``: the output, a failure, or a heartbeat.
///
/// On the wire (schema `task-result`, version 1) the body is a JSON object:
/// `{"key", "taskToken"?, "executionArn", "stateName", "status": "succeeded" | "failed" | "heartbeat",
/// "output"? (succeeded), "error"?, "cause"? (failed), "worker"}`; `correlation-id` carries the key.
///
/// The output is the handler's return value exactly. For `arn:aws:states:::lambda:invoke` the
/// **coordinator** wraps it as `{"Payload": output, "StatusCode": 200, "ExecutedVersion": ...}`
/// (see ``TaskTarget/isLambdaInvoke(_:)``); workers never do, so one handler serves both the
/// function ARN and the `lambda:invoke` integration.
public struct TaskResultMessage: Sendable, Hashable {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "task-result"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// How the task ended, or that it is still alive.
    public enum Outcome: Sendable, Hashable {
        /// The handler returned `output`.
        case succeeded(output: JSON)
        /// The handler failed; `error` and `cause` become the Task's Error and Cause.
        case failed(error: String, cause: String?)
        /// The handler is alive (`HeartbeatSeconds`); the task is not finished.
        case heartbeat
    }

    /// The invocation's idempotency key.
    public var key: String
    /// The invocation's callback token, if it had one.
    public var taskToken: String?
    public var executionArn: String
    public var stateName: String
    public var outcome: Outcome
    /// Who ran it (`host:pid` by default), for history and logs.
    public var worker: String

    /// - Parameters: one per property; see each property.
    public init(key: String, taskToken: String? = nil, executionArn: String, stateName: String,
                outcome: Outcome, worker: String) {
        self.key = key
        self.taskToken = taskToken
        self.executionArn = executionArn
        self.stateName = stateName
        self.outcome = outcome
        self.worker = worker
    }

    /// A result answering `invocation`.
    public init(answering invocation: TaskInvocationMessage, outcome: Outcome, worker: String) {
        self.init(key: invocation.key, taskToken: invocation.taskToken, executionArn: invocation.executionArn,
                  stateName: invocation.stateName, outcome: outcome, worker: worker)
    }

    /// The message to publish to the invocation's ``TaskInvocationMessage/replyTo``.
    public func encoded() -> WireMessage {
        var o = JSONWriter()
        write(to: &o)
        return WireMessage(body: o.bytes(), headers: WireMessage.schemaHeaders(Self.schema, version: Self.version),
                           correlationID: key)
    }

    /// Writes the body, a JSON object (also an entry of a ``TaskResultBundle``).
    func write(to o: inout JSONWriter) {
        o.beginObject()
        o.member("key", key)
        o.member("taskToken", ifPresent: taskToken)
        o.member("executionArn", executionArn)
        o.member("stateName", stateName)
        switch outcome {
        case .succeeded(let output):
            o.member("status", "succeeded")
            o.member("output", output)
        case .failed(let error, let cause):
            o.member("status", "failed")
            o.member("error", error)
            o.member("cause", ifPresent: cause)
        case .heartbeat:
            o.member("status", "heartbeat")
        }
        o.member("worker", worker)
        o.endObject()
    }

    /// Decodes a received message.
    /// - Throws: ``MessageError`` for another schema, an unsupported version or a malformed body.
    public init(decoding message: WireMessage) throws(MessageError) {
        try self.init(fields: try message.object(schema: Self.schema, supportedVersions: Self.supportedVersions))
    }

    /// Decodes a body already parsed (a message's, or an entry of a ``TaskResultBundle``).
    init(fields f: JSONFields) throws(MessageError) {
        let outcome: Outcome
        switch try f.string("status") {
        case "succeeded": outcome = .succeeded(output: try f.json("output"))
        case "failed": outcome = .failed(error: try f.string("error"), cause: try f.optionalString("cause"))
        case "heartbeat": outcome = .heartbeat
        case let other: throw .malformedBody("task-result status '\(other)' is not succeeded, failed or heartbeat")
        }
        self.init(key: try f.string("key"), taskToken: try f.optionalString("taskToken"),
                  executionArn: try f.string("executionArn"), stateName: try f.string("stateName"),
                  outcome: outcome, worker: try f.string("worker"))
    }
}
