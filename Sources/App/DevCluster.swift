import AMQP
import Logging
import ServiceLifecycle
import Worker
import UnixSignals

/// The local cluster `stepwise dev` runs: the broker connection with the topology declared, and a
/// worker serving the stock handlers. The coordinator and the API join it as they land.
public struct DevCluster: Service {
    let publisher: AMQPPublisher
    let configuration: StepwiseConfiguration
    let logger: Logger

    public func run() async throws {
        logger.info("stepwise dev is ready", metadata: [
            "broker": "\(configuration.amqpURL)",
            "topology": "\(StepwiseTopology.standard.queues.map(\.name).joined(separator: ","))",
            "worker": "\(StockHandlers.names.sorted().joined(separator: ","))",
        ])
        try? await gracefulShutdown()
        logger.info("stepwise dev is stopping")
        await publisher.close()
    }
}

/// Connects to the broker, declares the topology and returns the cluster as a service group
/// that stops gracefully on SIGTERM or Ctrl-C.
/// - Throws: `AMQPError` when the broker cannot be reached (one clear line, no hang).
public func buildDevCluster(configuration: StepwiseConfiguration, logger: Logger) async throws -> ServiceGroup {
    let publisher = try await AMQPPublisher.connect(
        to: configuration.amqpURL, topology: StepwiseTopology.standard, name: "stepwise-dev", logger: logger)
    let cluster = DevCluster(publisher: publisher, configuration: configuration, logger: logger)
    var stock = Worker()
    StockHandlers.register(on: &stock, only: nil)
    let worker = WorkerService(worker: stock, url: configuration.amqpURL,
                               configuration: WorkerConfiguration(concurrency: 8, prefetch: 8), logger: logger)
    return ServiceGroup(configuration: .init(
        services: [.init(service: cluster), .init(service: worker)],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
}
