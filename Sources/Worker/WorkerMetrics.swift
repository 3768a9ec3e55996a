import CoreMetrics
import Foundation
import Messages

/// What a worker reports through swift-metrics, by task queue (one per function or activity, so
/// the label has as many values as the worker has handlers):
/// - `stepwise_worker_tasks_total{queue, outcome}`: invocations answered (`succeeded`, `failed`);
/// - `stepwise_task_run_duration_seconds{queue}`: the handler's run time (histogram);
/// - `stepwise_task_queue_wait_seconds{queue}`: from the coordinator scheduling the task to the
///   worker starting it (commit, relay and broker; the two hosts' clocks must agree);
/// - `stepwise_worker_redeliveries_total{queue}` and `stepwise_worker_dead_letters_total{queue}`.
struct WorkerMetrics: Sendable {
    let factory: any MetricsFactory

    func started(_ invocation: TaskInvocationMessage, redelivered: Bool, now: Date = Date()) {
        let queue = invocation.target.queue
        if let scheduled = invocation.scheduledAt {
            let waited = max(0, now.timeIntervalSince1970 * 1000 - Double(scheduled))
            CoreMetrics.Timer(label: "stepwise_task_queue_wait_seconds", dimensions: [("queue", queue)], factory: factory)
                .recordNanoseconds(Int64(waited * 1_000_000))
        }
        if redelivered {
            Counter(label: "stepwise_worker_redeliveries_total", dimensions: [("queue", queue)], factory: factory).increment()
        }
    }

    func answered(_ invocation: TaskInvocationMessage, succeeded: Bool, ran: Duration) {
        let queue = invocation.target.queue
        Counter(label: "stepwise_worker_tasks_total", dimensions: [("queue", queue), ("outcome", succeeded ? "succeeded" : "failed")],
                factory: factory).increment()
        let (seconds, attoseconds) = ran.components
        CoreMetrics.Timer(label: "stepwise_task_run_duration_seconds", dimensions: [("queue", queue)], factory: factory)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func deadLettered(queue: String) {
        Counter(label: "stepwise_worker_dead_letters_total", dimensions: [("queue", queue)], factory: factory).increment()
    }
}
