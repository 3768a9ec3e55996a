public import AMQP
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
    var worker = Worker()
    StockHandlers.register(on: &worker, only: only)
    let service = WorkerService(worker: worker, url: url, configuration: configuration, logger: logger)
    return ServiceGroup(configuration: .init(
        services: [.init(service: service)],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
}
