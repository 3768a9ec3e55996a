public import AMQP
public import Logging
import Messages
public import ServiceLifecycle
public import Store

/// A coordinator: advances the executions of the shards it holds and creates executions from
/// start requests, as a swift-service-lifecycle `Service` (see docs/architecture.md).
///
/// Parts, each a loop in one task group: shard leases (which start and stop a processor per
/// owned shard), the timer poller, the outbox relay, and the start-request consumer. Graceful
/// shutdown stops taking messages, finishes the batches in hand, releases the leases (so other
/// coordinators take over at once) and closes the connections.
public final class CoordinatorService: Service, Sendable {
    let store: any ExecutionStore
    let url: AMQPURL
    let configuration: CoordinatorConfiguration
    let logger: Logger
    /// What this coordinator has done so far.
    public let metrics: CoordinatorMetrics
    let leases: ShardLeases
    let definitions: DefinitionCache
    let relay: OutboxRelay
    let timers: TimerPoller
    let watch = ExecutionWatch()
    let admissions: Admissions
    /// State machine limits read from tags (shared by the API in this process).
    let limits: LimitsCache

    /// - Parameter metrics: Where it counts (`CoordinatorMetrics(factory:)` reports to a metrics
    ///   backend; the default only keeps the counters).
    public init(store: any ExecutionStore, url: AMQPURL, configuration: CoordinatorConfiguration = .init(),
                metrics: CoordinatorMetrics = CoordinatorMetrics(), logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.url = url
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "coordinator"] = "\(configuration.identity)"
        self.logger = logger
        self.leases = ShardLeases(owner: configuration.identity, timing: .init(ttl: configuration.leaseTTL, tick: configuration.leaseTick))
        self.definitions = DefinitionCache(store: store)
        self.timers = TimerPoller(interval: configuration.timerInterval)
        self.relay = OutboxRelay(interval: configuration.relayInterval, queues: configuration.queues)
        self.admissions = Admissions(sweep: configuration.admissionSweep)
        self.limits = LimitsCache(store: store)
    }

    /// The shards this coordinator holds now (their outbox rows and timers are the ones it reads).
    public var ownedShards: [Int] { leases.ownedShards }

    /// Starts executions in this process (the API's StartExecution); executions of shards this
    /// coordinator owns go straight to their processor's cache.
    public var launcher: ExecutionLauncher {
        let leases = self.leases
        let relay = self.relay
        let timers = self.timers
        let watch = self.watch
        let admissions = self.admissions
        let metrics = self.metrics
        let logger = self.logger
        return ExecutionLauncher(
            store: store, definitions: definitions,
            created: { live, change in
                metrics.created(live.record, events: change.events.count, nested: live.record.parentArn != nil, tally: change.tally)
                logger.debug("execution started", metadata: [
                    "execution": "\(live.arn)", "status": "\(live.record.status.rawValue)", "parent": "\(live.record.parentArn ?? "")"])
                if live.record.status == .running { await leases.adopt(live) } else { watch.ended(live.arn) }
                // The new execution's first tasks wait in the outbox: relay them now, not at the next poll.
                if !change.outbox.isEmpty { relay.wake() }
                if let due = change.addTimers.map(\.dueDate).min() { timers.wake(at: due) }
            },
            cached: { await leases.cached($0) }, watch: watch, ownsShard: { leases.owns(executionArn: $0) },
            limits: limits, queued: { admissions.wake(scopes: $0) })
    }

    public func run() async throws {
        let name = configuration.identity
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard(configuration.queues), name: "\(name)-publisher", logger: logger)
        let consumer: AMQPConsumer
        let startConsumer: AMQPConsumer
        do {
            consumer = try await AMQPConsumer.connect(to: url, prefetch: configuration.prefetch, name: "\(name)-shards", logger: logger)
            startConsumer = try await AMQPConsumer.connect(to: url, prefetch: configuration.startConcurrency, name: "\(name)-starts", logger: logger)
        } catch {
            await publisher.close()
            throw error
        }
        let leases = self.leases
        let timers = self.timers
        let relay = self.relay
        let starts = StartRequests(launcher: launcher, store: store, consumer: startConsumer,
                                   publisher: publisher, quotas: configuration.quotas, metrics: metrics, logger: logger)
        let context = CoordinatorContext(store: store, consumer: consumer, publisher: publisher, definitions: definitions,
                                         timers: timers, relay: relay, leases: leases, watch: watch, metrics: metrics,
                                         starts: starts, admissions: admissions, logger: logger)
        logger.info("coordinator running", metadata: ["shards": "\(Shards.count)"])
        // Graceful shutdown cancels the relays and tells the leases to stop: each shard finishes
        // the batch in hand and is released, so other coordinators take over at once.
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await leases.run(context: context) }
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        await withDiscardingTaskGroup { relays in
                            relays.addTask { await timers.run(store: self.store, leases: leases, logger: self.logger) }
                            relays.addTask { await relay.run(publisher: publisher, store: self.store, leases: leases, metrics: self.metrics, logger: self.logger) }
                            relays.addTask { await self.consumeStarts(starts, consumer: startConsumer) }
                            relays.addTask {
                                await self.admissions.run(launcher: self.launcher, store: self.store, publisher: publisher,
                                                          quotas: self.configuration.quotas, metrics: self.metrics, logger: self.logger)
                            }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            leases.shutdown()
        }
        await startConsumer.close()
        await consumer.close()
        await publisher.close()
        logger.info("coordinator stopped", metadata: [
            "commits": "\(metrics.commitCount)", "finished": "\(metrics.finishedExecutions)",
            "ignored": "\(metrics.ignoredMessages)", "replayed": "\(metrics.replayedExecutions)"])
    }

    private func consumeStarts(_ starts: StartRequests, consumer: AMQPConsumer) async {
        guard let stream = try? await consumer.consume(queue: WireNames.startQueue) else {
            logger.error("cannot consume the start queue")
            return
        }
        await withDiscardingTaskGroup { group in
            for await delivery in stream {
                group.addTask { await starts.handle(delivery) }
            }
        }
    }
}
