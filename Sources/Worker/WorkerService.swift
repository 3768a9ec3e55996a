public import AMQP
public import CoreMetrics
public import Logging
import Messages
import MessagesAMQP
public import ServiceLifecycle
import Synchronization

/// Runs a ``Worker``'s handlers on invocations from its queues, as a swift-service-lifecycle `Service`.
///
/// It consumes every handler's queue with a prefetch, runs at most
/// ``WorkerConfiguration/concurrency`` handlers at once in a task group, and for each invocation
/// publishes the result with a broker confirm **before** acking it: a crash in between redelivers
/// the invocation (the coordinator drops the duplicate result by its key), it never loses a result.
///
/// Graceful shutdown (SIGTERM through a `ServiceGroup`) stops taking work, lets the handlers in
/// hand finish for up to ``WorkerConfiguration/shutdownTimeout``, then cancels the rest and
/// requeues their invocations for another worker, and closes. Cancelling `run()` does the same
/// without the grace period.
public final class WorkerService: Service, Sendable {
    private let worker: Worker
    private let url: AMQPURL
    private let configuration: WorkerConfiguration
    private let metrics: WorkerMetrics
    private let logger: Logger

    /// - Parameters:
    ///   - worker: The handlers to serve.
    ///   - url: The broker.
    ///   - configuration: Concurrency, prefetch, shutdown timeout, identity.
    ///   - metrics: Where to report tasks run, their run time and queue wait (swift-metrics; none by default).
    ///   - logger: Where to log; each invocation adds its execution, state and key as metadata.
    public init(worker: Worker, url: AMQPURL, configuration: WorkerConfiguration = WorkerConfiguration(),
                metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger) {
        self.worker = worker
        self.metrics = WorkerMetrics(factory: metrics)
        self.url = url
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects, consumes until graceful shutdown or cancellation, drains, and closes.
    /// - Throws: `AMQPError` when the broker cannot be reached at first or a queue cannot be consumed.
    public func run() async throws {
        let queues = worker.queues
        let name = configuration.connectionName
        let publisher = try await AMQPPublisher.connect(
            to: url, topology: WorkerTopology.publisher(declaresResultQueue: configuration.declaresResultQueue, profile: configuration.queues),
            name: "\(name)-publisher", logger: logger)
        let consumer: AMQPConsumer
        var streams: [AsyncStream<AMQPDelivery>] = []
        do {
            consumer = try await AMQPConsumer.connect(
                to: url, topology: WorkerTopology.consumer(
                    queues: queues, profile: configuration.queues, arguments: configuration.queueArguments,
                    deadLetterExchange: configuration.deadLetterExchange),
                prefetch: configuration.effectivePrefetch, name: "\(name)-consumer", logger: logger)
            do {
                for queue in queues { streams.append(try await consumer.consume(queue: queue)) }
            } catch {
                await consumer.close()
                throw error
            }
        } catch {
            await publisher.close()
            throw error
        }
        logger.info("worker consuming", metadata: [
            "worker.queues": .string(queues.joined(separator: ",")),
            "worker.concurrency": .stringConvertible(configuration.concurrency),
            "worker.identity": .string(configuration.identity),
        ])

        let (merged, input) = AsyncStream.makeStream(of: AMQPDelivery.self)
        let stopping = StopFlag()
        let runner = InvocationRunner(worker: worker, consumer: consumer, publisher: publisher,
                                      identity: configuration.identity, metrics: metrics, logger: logger)
        await withDiscardingTaskGroup { forwarders in
            for stream in streams {
                forwarders.addTask { for await delivery in stream { input.yield(delivery) } }
            }
            await withGracefulShutdownHandler {
                await self.dispatch(merged, runner: runner, stopping: stopping)
            } onGracefulShutdown: {
                stopping.set()
                input.finish()
            }
            // Deliveries still arriving stay unacked and go back to their queues on close.
            input.finish()
            await consumer.close()
        }
        await publisher.close()
        logger.info("worker stopped", metadata: ["worker.identity": .string(configuration.identity)])
    }

    private enum Finished: Sendable { case invocations(Int), deadline }

    /// Starts the handlers of each delivery (one invocation, or a bundle's), at most `concurrency`
    /// invocations at once (a bundle larger than that runs alone), then drains with a deadline.
    private func dispatch(_ deliveries: AsyncStream<AMQPDelivery>, runner: InvocationRunner,
                          stopping: StopFlag) async {
        let limit = configuration.concurrency
        await withTaskGroup(of: Finished.self) { group in
            var running = 0
            for await delivery in deliveries {
                let invocations: [TaskInvocationMessage]
                do throws(MessageError) {
                    invocations = try InvocationRunner.invocations(in: delivery)
                } catch {
                    runner.reject(delivery, undecodable: error)
                    continue
                }
                while running > 0 && running + invocations.count > limit, case .invocations(let finished)? = await group.next() {
                    running -= finished
                }
                if stopping.isSet {
                    runner.consumer.reject(delivery, requeue: true)
                    continue
                }
                group.addTask {
                    await runner.run(delivery, invocations)
                    return .invocations(invocations.count)
                }
                running += invocations.count
            }
            guard running > 0 else { return }
            let timeout = configuration.shutdownTimeout
            logger.info("worker draining: finishing in-hand invocations", metadata: [
                "worker.shutdownTimeout": .stringConvertible(timeout),
            ])
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .deadline
            }
            while let finished = await group.next() {
                switch finished {
                case .invocations(let n):
                    running -= n
                    if running == 0 { group.cancelAll() }
                case .deadline where running > 0:
                    logger.warning(Task.isCancelled ? "worker cancelled; requeueing unfinished invocations"
                                                    : "shutdown deadline passed; requeueing unfinished invocations",
                                   metadata: ["worker.unfinished": .stringConvertible(running)])
                    group.cancelAll()
                case .deadline:
                    break
                }
            }
        }
    }
}

/// Set once when graceful shutdown begins.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
