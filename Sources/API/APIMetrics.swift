import CoreMetrics
import Prometheus

/// The API's counters, through swift-metrics into a swift-prometheus registry that `GET /metrics`
/// writes out. A factory of the process's own, not the global `MetricsSystem`: several API services
/// (the tests run some in one process) keep their counts apart.
///
/// `stepwise_start_refusals_total{account, error, source="api"}`: StartExecution calls refused with
/// `ExecutionLimitExceeded` or `ThrottlingException`, by account (what `stepwise load` counts on its
/// side, so a run can be checked against the server's own count).
struct APIMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// A StartExecution refused with `error` in `account`.
    func startRefused(account: String, error: String) {
        Counter(label: "stepwise_start_refusals_total", dimensions: [("account", account), ("error", error), ("source", "api")],
                factory: factory).increment()
    }

    /// The registry in Prometheus text format.
    func text() -> String {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
