public import Logging
import NIOHTTP1
public import ServiceLifecycle

/// `GET /metrics` on a port of its own, for a process that serves no API (`stepwise worker`):
/// the process's registry in Prometheus text format; anything else answers 404. A port it cannot
/// bind is logged, not fatal.
public struct MetricsService: Service {
    let host: String
    let port: Int
    let metrics: ProcessMetrics
    let logger: Logger

    public init(host: String = "0.0.0.0", port: Int, metrics: ProcessMetrics, logger: Logger) {
        self.host = host
        self.port = port
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        logger.info("metrics listening", metadata: ["address": "\(host):\(port)"])
        let metrics = self.metrics
        do {
            try await HTTPServer(host: host, port: port).run { request in
                guard request.method == .GET, request.path == "/metrics" else {
                    return HTTPServerResponse(status: 404, contentType: "text/plain", body: [])
                }
                return HTTPServerResponse(status: 200, contentType: "text/plain; version=0.0.4", body: Array(metrics.text().utf8))
            }
        } catch {
            // Metrics are not worth the worker: a port already taken (two workers on one host with
            // the same worker.metrics_port) is logged, and the worker goes on without /metrics.
            logger.error("cannot serve /metrics; the worker runs without it", metadata: [
                "address": "\(host):\(port)", "error": "\(error)"])
            try? await gracefulShutdown()
        }
    }
}
