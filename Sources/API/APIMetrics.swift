import AMQP
public import CoreMetrics
import Foundation
import Synchronization
public import Prometheus

/// A process's metrics: one swift-prometheus registry that every part of the process (API,
/// coordinator, worker) reports to through swift-metrics, written out by `GET /metrics`.
/// `stepwise` makes one per process; a test that makes several API services in one process gives
/// each its own, so their counts stay apart.
public struct ProcessMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory over ``registry`` (histogram buckets set for Stepwise's timings).
    public let factory: PrometheusMetricsFactory
    /// AMQP reconnects already counted in the registry.
    private let reportedReconnects = SharedCounter()

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // 0.5 ms to 60 s: HTTP requests and commits sit at the low end, tasks and queue waits anywhere.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        factory.valueHistogramBuckets["stepwise_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        self.factory = factory
    }

    /// The registry in Prometheus text format, after the process's AMQP figures are brought up
    /// to date: `stepwise_amqp_reconnects_total` and `stepwise_amqp_confirms_outstanding`.
    public func text() -> String {
        let reconnects = AMQPStatistics.reconnects
        let reported = reportedReconnects.exchange(reconnects)
        let counter = Counter(label: "stepwise_amqp_reconnects_total", dimensions: [], factory: factory)
        if reconnects > reported { counter.increment(by: reconnects - reported) }
        Gauge(label: "stepwise_amqp_confirms_outstanding", dimensions: [], factory: factory).record(AMQPStatistics.confirmsOutstanding)
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the API reports (to the process's ``ProcessMetrics``):
/// - `stepwise_http_requests_total{action, status}` and `stepwise_http_request_duration_seconds{action}`;
/// - `stepwise_start_refusals_total{account, error, source="api"}`: StartExecution calls refused with
///   `ExecutionLimitExceeded` or `ThrottlingException` (what `stepwise load` counts on its side);
/// - at each scrape, per configured account: `stepwise_open_executions`, `stepwise_max_open_executions`,
///   `stepwise_start_bucket_tokens`; per state machine with a `stepwise:maxOpen` tag:
///   `stepwise_state_machine_{open,max_open,pending}_executions`.
struct APIMetrics: Sendable {
    let process: ProcessMetrics
    var factory: any MetricsFactory { process.factory }

    init(_ process: ProcessMetrics) {
        self.process = process
    }

    /// A StartExecution refused with `error` in `account`.
    func startRefused(account: String, error: String) {
        Counter(label: "stepwise_start_refusals_total", dimensions: [("account", account), ("error", error), ("source", "api")],
                factory: factory).increment()
    }

    /// One API request: its action (`StartExecution`, `Stepwise.DescribeExecutionTree`, or `unknown`), status and time.
    func request(action: String, status: Int, duration: Duration) {
        Counter(label: "stepwise_http_requests_total", dimensions: [("action", action), ("status", String(status))], factory: factory)
            .increment()
        let (seconds, attoseconds) = duration.components
        CoreMetrics.Timer(label: "stepwise_http_request_duration_seconds", dimensions: [("action", action)], factory: factory)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A gauge set at scrape time.
    func gauge(_ label: String, _ dimensions: [(String, String)], _ value: Double) {
        Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    func text() -> String { process.text() }
}

/// An integer shared by copies of a value type.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)
    func exchange(_ new: Int) -> Int { value.exchange(new, ordering: .relaxed) }
}
