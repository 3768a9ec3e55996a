public import AMQP
public import CoreMetrics
public import Logging
public import ServiceLifecycle
import UnixSignals

/// Builds what `stepwise worker` runs: a ``WorkerService`` with the ``StockHandlers`` in a
/// `ServiceGroup` that shuts down gracefully on SIGTERM or SIGINT.
/// - Parameters:
///   - url: The broker.
///   - configuration: Concurrency, prefetch, shutdown timeout.
///   - only: The stock handlers to serve (a subset of ``StockHandlers/names``); nil for all.
///   - logger: Where to log.
/// - Throws: ``WorkerError/unknownHandler(_:)`` for a name that is not a stock handler.
public func buildStockWorker(url: AMQPURL, configuration: WorkerConfiguration, only: Set<String>?,
                             logger: Logger) throws(WorkerError) -> ServiceGroup {
    if let unknown = only?.subtracting(StockHandlers.names).sorted().first {
        throw .unknownHandler(unknown)
    }
    let service = try stockWorkerService(url: url, configuration: configuration, only: only, logger: logger)
    return ServiceGroup(configuration: .init(
        services: [.init(service: service)],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
}

/// A `WorkerService` serving the stock handlers (all, or those in `only`), reporting to `metrics`.
/// - Throws: ``WorkerError/unknownHandler(_:)`` for a name in `only` that is not a stock handler.
public func stockWorkerService(url: AMQPURL, configuration: WorkerConfiguration, only: Set<String>?,
                               metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger) throws(WorkerError) -> WorkerService {
    if let unknown = only?.subtracting(StockHandlers.names).sorted().first {
        throw .unknownHandler(unknown)
    }
    var worker = Worker()
    StockHandlers.register(on: &worker, only: only)
    return WorkerService(worker: worker, url: url, configuration: configuration, metrics: metrics, logger: logger)
}
