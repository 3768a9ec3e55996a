/// The exchange, queue names and prefixes coordinators and workers agree on.
///
/// Task queues are named after what a Task state calls:
/// - an activity `NAME` (`arn:aws:states:REGION:ACCOUNT:activity:NAME`) → `stepwise.activity.NAME`;
/// - a Lambda function `NAME` (`arn:aws:lambda:...:function:NAME[:QUALIFIER]`, or
///   `arn:aws:states:::lambda:invoke` with `FunctionName`) → `stepwise.fn.NAME`; every version
///   and alias of a function shares its queue.
///
/// Each task queue is a durable queue (classic, or quorum with `amqp.queue_type: quorum`; see
/// `QueueProfile`) that dead-letters to ``deadLetterExchange`` and is bound to ``exchange`` with
/// its own name as the routing key.
/// Whoever declares one (workers do; a coordinator must before its first publish, or the broker
/// drops the unroutable invocation) must use exactly these arguments. Results go to ``resultQueue`` through
/// ``exchange`` (routing key = queue name).
public enum WireNames {
    /// The direct exchange that routes invocations to task queues and results to coordinators.
    public static let exchange = "stepwise"
    /// The fanout exchange rejected or expired messages go to.
    public static let deadLetterExchange = "stepwise.dead-letter"
    /// The queue workers publish task results (and heartbeats) to.
    public static let resultQueue = "stepwise.tasks.results"
    /// The queue of start requests (``ExecutionStartRequest``), consumed by every coordinator.
    public static let startQueue = "stepwise.executions.start"
    /// Prefix of a shard's queue, `stepwise.shard.N`: task results and signals for the executions
    /// of shard N, consumed by the coordinator holding that shard's lease.
    public static let shardQueuePrefix = "stepwise.shard."
    /// Prefix of an activity's queue: `stepwise.activity.NAME`.
    public static let activityQueuePrefix = "stepwise.activity."
    /// Prefix of a Lambda function's queue: `stepwise.fn.NAME`.
    public static let functionQueuePrefix = "stepwise.fn."

    /// The AMQP header naming the message schema (`task-invocation`, `task-result`).
    public static let schemaHeader = "stepwise-schema"
    /// The AMQP header carrying the schema version (a decimal integer).
    public static let versionHeader = "stepwise-schema-version"
    /// W3C trace context of the span a message continues (optional; see ``TaskInvocationMessage/traceparent``).
    public static let traceparentHeader = "traceparent"
    /// The content type of every body.
    public static let contentType = "application/json"
}
