import AMQP
import API
import CoreMetrics
import Coordinator
public import Logging
public import ServiceLifecycle
import Store
public import Worker
import UnixSignals

/// The local cluster `stepwise dev` runs: the broker connection with the topology declared, a
/// coordinator on the configured store, and a worker serving the stock handlers.
public struct DevCluster: Service {
    let publisher: AMQPPublisher
    let configuration: StepwiseConfiguration
    let logger: Logger

    public func run() async throws {
        logger.info("stepwise dev is ready", metadata: [
            "broker": "\(configuration.amqpURL)",
            "store": "\(configuration.store)",
            "topology": "\(StepwiseTopology.standard(configuration.queues).queues.map(\.name).joined(separator: ","))",
            "queue_type": "\(configuration.queues)",
            "worker": "\(StockHandlers.names.sorted().joined(separator: ","))",
        ])
        try? await gracefulShutdown()
        logger.info("stepwise dev is stopping")
        await publisher.close()
    }
}

extension OpenedStore {
    /// The ServiceGroup entries of `services`, after the store's own service when it has one (so
    /// that it starts first and stops last).
    func configurations(_ services: [any Service]) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        ([service].compactMap { $0 } + services).map { .init(service: $0) }
    }
}

/// A running process's services and what to close after they stop.
public struct ProcessServices: Sendable {
    public let group: ServiceGroup
    let opened: OpenedStore?

    /// Runs the services until SIGTERM or Ctrl-C, then closes the store.
    public func run() async throws {
        do {
            try await group.run()
        } catch {
            await opened?.close()
            throw error
        }
        await opened?.close()
    }
}

/// Connects to the broker, declares the topology, opens the store and returns the cluster
/// (coordinator and stock worker) as services that stop gracefully on SIGTERM or Ctrl-C.
/// - Throws: `AMQPError` when the broker cannot be reached (one clear line, no hang); `StoreError`
///   when the store cannot be opened.
public func buildDevCluster(configuration: StepwiseConfiguration, logger: Logger) async throws -> ProcessServices {
    let publisher = try await AMQPPublisher.connect(
        to: configuration.amqpURL, topology: StepwiseTopology.standard(configuration.queues), name: "stepwise-dev", logger: logger)
    let opened: OpenedStore
    do {
        opened = try await openStore(configuration.store, logger: logger)
    } catch {
        await publisher.close()
        throw error
    }
    let cluster = DevCluster(publisher: publisher, configuration: configuration, logger: logger)
    let metrics = ProcessMetrics()
    let coordinator = coordinatorService(configuration, store: opened.store, metrics: metrics, logger: logger)
    let api = apiService(configuration, store: opened.store, coordinator: coordinator, metrics: metrics, logger: logger)
    var stock = Worker()
    StockHandlers.register(on: &stock, only: nil)
    let worker = WorkerService(worker: stock, url: configuration.amqpURL,
                               configuration: WorkerConfiguration(concurrency: 8, prefetch: 8, queues: configuration.queues),
                               metrics: configuration.metricsEnabled ? metrics.factory : NOOPMetricsHandler.instance, logger: logger)
    let tracing = try tracingService(configuration, serviceName: "stepwise-dev", logger: logger)
    let group = ServiceGroup(configuration: .init(
        services: opened.configurations([tracing, cluster, coordinator, api, worker].compactMap { $0 }),
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    return ProcessServices(group: group, opened: opened)
}

/// A coordinator process on the configured store (`stepwise coordinator`).
/// - Throws: `StoreError` when the store cannot be opened.
public func buildCoordinator(configuration: StepwiseConfiguration, logger: Logger) async throws -> ProcessServices {
    let opened = try await openStore(configuration.store, logger: logger)
    let metrics = ProcessMetrics()
    let coordinator = coordinatorService(configuration, store: opened.store, metrics: metrics, logger: logger)
    let api = apiService(configuration, store: opened.store, coordinator: coordinator, metrics: metrics, logger: logger)
    let tracing = try tracingService(configuration, serviceName: "stepwise-coordinator", logger: logger)
    let group = ServiceGroup(configuration: .init(
        services: opened.configurations([tracing, coordinator, api].compactMap { $0 }), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    return ProcessServices(group: group, opened: opened)
}

/// A coordinator reporting to the process's metrics (unless `metrics.enabled` is off).
func coordinatorService(_ configuration: StepwiseConfiguration, store: any ExecutionStore, metrics: ProcessMetrics,
                        logger: Logger) -> CoordinatorService {
    let counters = configuration.metricsEnabled
        ? CoordinatorMetrics(factory: metrics.factory, labelStateMachines: configuration.stateMachineLabels) : CoordinatorMetrics()
    return CoordinatorService(store: store, url: configuration.amqpURL,
                              configuration: CoordinatorConfiguration(quotas: configuration.quotas, queues: configuration.queues),
                              metrics: counters, logger: logger)
}

/// The HTTP API every coordinator process serves, starting executions through its coordinator.
func apiService(_ configuration: StepwiseConfiguration, store: any ExecutionStore, coordinator: CoordinatorService,
                metrics: ProcessMetrics, logger: Logger) -> APIService {
    let keys = configuration.accounts.flatMap { account in
        account.accessKeys.map { AccessKey(id: $0.id, secret: $0.secret, account: account.id) }
    }
    return APIService(store: store, launcher: coordinator.launcher, url: configuration.amqpURL, configuration: APIConfiguration(
        host: configuration.apiHost, port: configuration.apiPort, region: configuration.region, keys: keys,
        verifySignatures: configuration.verifySignatures, quotas: configuration.quotas, queues: configuration.queues, metrics: metrics),
        logger: logger)
}

/// A worker process (`stepwise worker`): the stock handlers, `/metrics` on `worker.metrics_port`
/// unless it is 0 or `metrics.enabled` is off, and the span exporter when `tracing.enabled` is on.
public func buildStockWorkerProcess(configuration: StepwiseConfiguration, worker: WorkerConfiguration, only: Set<String>?,
                                    logger: Logger) throws -> ServiceGroup {
    let metrics = ProcessMetrics()
    let serves = configuration.metricsEnabled && configuration.workerMetricsPort > 0
    let service = try stockWorkerService(url: configuration.amqpURL, configuration: worker, only: only,
                                         metrics: serves ? metrics.factory : NOOPMetricsHandler.instance, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: service)]
    if let tracing = try tracingService(configuration, serviceName: "stepwise-worker", logger: logger) {
        services.insert(.init(service: tracing), at: 0)
    }
    if serves { services.append(.init(service: MetricsService(port: configuration.workerMetricsPort, metrics: metrics, logger: logger))) }
    return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
}
