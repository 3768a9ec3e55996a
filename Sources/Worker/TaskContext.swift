import JSONValue
public import Logging
public import Messages

/// What a handler knows about the invocation it runs, and its way to send heartbeats.
public struct TaskContext: Sendable {
    /// The invocation as received.
    public let invocation: TaskInvocationMessage
    /// A logger with the execution ARN, state name and idempotency key as metadata (made when
    /// asked for: most handlers never log, and metadata costs a log handler some formatting).
    public var logger: Logger { Self.logger(baseLogger, for: invocation) }
    private let baseLogger: Logger
    /// True when the broker delivered this invocation before (another worker may have run it).
    public let isRedelivery: Bool
    private let sendHeartbeat: @Sendable () async throws -> Void

    init(invocation: TaskInvocationMessage, logger: Logger, isRedelivery: Bool,
         heartbeat: @escaping @Sendable () async throws -> Void) {
        self.invocation = invocation
        self.baseLogger = logger
        self.isRedelivery = isRedelivery
        self.sendHeartbeat = heartbeat
    }

    /// The idempotency key: use it to make side effects idempotent across redeliveries.
    public var key: String { invocation.key }
    /// The callback token, when the Task state has one.
    public var taskToken: String? { invocation.taskToken }
    public var executionArn: String { invocation.executionArn }
    public var stateName: String { invocation.stateName }
    /// 0 for the first attempt, 1 for the first retry, ...
    public var attempt: Int { invocation.attempt }
    /// The state's `HeartbeatSeconds`: call ``heartbeat()`` more often than this.
    public var heartbeatSeconds: Int? { invocation.heartbeatSeconds }
    /// The state's `TimeoutSeconds`.
    public var timeoutSeconds: Int? { invocation.timeoutSeconds }

    /// `base` with the invocation's execution ARN, state name and key as metadata, set at once, and
    /// its trace id when the coordinator traces (`stepwise.trace_id`, the `traceparent`'s second field).
    static func logger(_ base: Logger, for invocation: TaskInvocationMessage) -> Logger {
        var logger = base
        var metadata = logger.handler.metadata
        metadata["stepwise.execution"] = .string(invocation.executionArn)
        metadata["stepwise.state"] = .string(invocation.stateName)
        metadata["stepwise.task.key"] = .string(invocation.key)
        if let parts = invocation.traceparent?.split(separator: "-"), parts.count == 4 {
            metadata["stepwise.trace_id"] = .string(String(parts[1]))
        }
        logger.handler.metadata = metadata
        return logger
    }

    /// Tells the coordinator the task is alive; returns once the broker has the heartbeat.
    /// - Throws: `AMQPError` when the worker's publisher is closed.
    public func heartbeat() async throws {
        try await sendHeartbeat()
    }
}
