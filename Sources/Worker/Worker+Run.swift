import AMQP
public import Logging
import ServiceLifecycle
import UnixSignals

extension Worker {
    /// Serves this worker's handlers until SIGTERM or SIGINT, then drains gracefully: the
    /// shortest way to run a worker of one's own (for more control, run a ``WorkerService`` in a
    /// `ServiceGroup` of your own).
    /// - Parameters:
    ///   - url: The broker, as an AMQP URL (`amqp://user:pass@host:5672/vhost`).
    ///   - configuration: Concurrency, prefetch, shutdown timeout.
    ///   - logger: Where to log; a logger labelled `stepwise.worker` by default.
    /// - Throws: `AMQPError` for a bad URL or an unreachable broker.
    public func run(url: String, configuration: WorkerConfiguration = WorkerConfiguration(),
                    logger: Logger = Logger(label: "stepwise.worker")) async throws {
        let service = WorkerService(worker: self, url: try AMQPURL(url), configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
