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
    public let metrics = CoordinatorMetrics()

    public init(store: any ExecutionStore, url: AMQPURL, configuration: CoordinatorConfiguration = .init(), logger: Logger) {
        self.store = store
        self.url = url
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "coordinator"] = "\(configuration.identity)"
        self.logger = logger
    }

    public func run() async throws {
        let name = configuration.identity
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard, name: "\(name)-publisher", logger: logger)
        let consumer: AMQPConsumer
        let startConsumer: AMQPConsumer
        do {
            consumer = try await AMQPConsumer.connect(to: url, prefetch: configuration.prefetch, name: "\(name)-shards", logger: logger)
            startConsumer = try await AMQPConsumer.connect(to: url, prefetch: configuration.startConcurrency, name: "\(name)-starts", logger: logger)
        } catch {
            await publisher.close()
            throw error
        }
        let leases = ShardLeases(owner: name, timing: .init(ttl: configuration.leaseTTL, tick: configuration.leaseTick))
        let timers = TimerPoller(interval: configuration.timerInterval)
        let relay = OutboxRelay(publisher: publisher)
        let context = CoordinatorContext(store: store, consumer: consumer, definitions: DefinitionCache(store: store),
                                         timers: timers, relay: relay, leases: leases, metrics: metrics, logger: logger)
        let starts = StartRequests(launcher: ExecutionLauncher(store: store), store: store, consumer: startConsumer,
                                   publisher: publisher, quota: configuration.quota, metrics: metrics, logger: logger)
        logger.info("coordinator running", metadata: ["shards": "\(Shards.count)"])
        // Graceful shutdown cancels the loops: leases stop their shards (finishing the batches in
        // hand) and are released, so other coordinators take over at once.
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await leases.run(context: context) }
                group.addTask { await timers.run(store: self.store, leases: leases, logger: self.logger) }
                group.addTask { await relay.run(store: self.store, leases: leases, logger: self.logger) }
                group.addTask { await self.consumeStarts(starts, consumer: startConsumer) }
            }
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
