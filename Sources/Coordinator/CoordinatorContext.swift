import AMQP
import Logging
import Store

/// What every part of one coordinator process shares.
struct CoordinatorContext: Sendable {
    let store: any ExecutionStore
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let definitions: DefinitionCache
    let timers: TimerPoller
    let relay: OutboxRelay
    let leases: ShardLeases
    let watch: ExecutionWatch
    let metrics: CoordinatorMetrics
    /// Start requests that arrive on a shard queue.
    let starts: StartRequests
    /// Starts queued executions when slots free.
    let admissions: Admissions
    let logger: Logger
}
