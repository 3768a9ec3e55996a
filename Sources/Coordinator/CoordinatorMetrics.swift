public import CoreMetrics
import Foundation
import Store
import Synchronization

/// What a coordinator counts: kept as plain counters for tests and the shutdown log, and reported
/// through swift-metrics to the factory the process gives it (swift-prometheus in `stepwise`; none,
/// so nothing but the counters, when metrics are off).
///
/// Reported (Prometheus names; every execution metric by `account`, and by `state_machine` only
/// when ``labelStateMachines`` is on, so label sets stay as small as the operator chooses):
/// - `stepwise_executions_started_total{account, source}`: created executions (`api` or `nested`);
/// - `stepwise_executions_finished_total{account, status}`: executions that ended, by status;
/// - `stepwise_state_transitions_total`: states entered (as AWS counts state transitions);
/// - `stepwise_commits_total`, `stepwise_history_events_total`: execution commits and their events;
/// - `stepwise_tasks_total{resource, what}`: task attempts scheduled, retried, succeeded, failed, timed out;
/// - `stepwise_commit_duration_seconds` and `stepwise_commit_batch_size`: histograms of each store
///   call that commits a shard batch, and how many executions it carried;
/// - `stepwise_start_refusals_total{account, error, source="nested"}`: child starts refused;
/// - `stepwise_outbox_lag_seconds`: the age of the oldest outbox row a relay read, 0 when none;
/// - `stepwise_shards_owned{coordinator}` and `stepwise_shard_takeovers_total{coordinator}`;
/// - `stepwise_shard_dead_letters_total`: shard messages that could not be read, dead-lettered.
public final class CoordinatorMetrics: Sendable {
    private let commits = Atomic<Int>(0)
    private let events = Atomic<Int>(0)
    private let finishedCount = Atomic<Int>(0)
    private let ignoredCount = Atomic<Int>(0)
    private let replays = Atomic<Int>(0)
    private let started = Atomic<Int>(0)
    private let admitted = Atomic<Int>(0)

    let factory: any MetricsFactory
    /// Whether execution metrics carry the state machine's name as a label.
    let labelStateMachines: Bool
    private let transitions: Counter
    private let commitCounter: Counter
    private let historyEvents: Counter
    private let commitDuration: CoreMetrics.Timer
    private let batchSize: Recorder
    private let outboxLag: Gauge

    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance, labelStateMachines: Bool = false) {
        self.factory = factory
        self.labelStateMachines = labelStateMachines
        transitions = Counter(label: "stepwise_state_transitions_total", dimensions: [], factory: factory)
        commitCounter = Counter(label: "stepwise_commits_total", dimensions: [], factory: factory)
        historyEvents = Counter(label: "stepwise_history_events_total", dimensions: [], factory: factory)
        commitDuration = CoreMetrics.Timer(label: "stepwise_commit_duration_seconds", dimensions: [], factory: factory)
        batchSize = Recorder(label: "stepwise_commit_batch_size", dimensions: [], aggregate: true, factory: factory)
        outboxLag = Gauge(label: "stepwise_outbox_lag_seconds", dimensions: [], factory: factory)
    }

    /// The `account` (and `state_machine`) labels of an execution.
    private func labels(account: String, stateMachineArn: String) -> [(String, String)] {
        labelStateMachines ? [("account", account), ("state_machine", ARNs.stateMachineName(of: stateMachineArn))] : [("account", account)]
    }

    /// A commit of one execution: its events, its tasks, its end.
    func committed(account: String, stateMachineArn: String, events n: Int, status: ExecutionRecord.Status, tally: CommitTally) {
        commits.add(1, ordering: .relaxed)
        events.add(n, ordering: .relaxed)
        commitCounter.increment()
        historyEvents.increment(by: n)
        count(tally)
        if status.isTerminal {
            finishedCount.add(1, ordering: .relaxed)
            ended(account: account, stateMachineArn: stateMachineArn, status: status)
        }
    }

    /// An execution created with its first events (by StartExecution, a parent, or a queue's turn).
    func created(_ record: ExecutionRecord, events n: Int, nested: Bool, tally: CommitTally) {
        Counter(label: "stepwise_executions_started_total",
                dimensions: labels(account: record.account, stateMachineArn: record.stateMachineArn) + [("source", nested ? "nested" : "api")],
                factory: factory).increment()
        historyEvents.increment(by: n)
        count(tally)
        if record.status.isTerminal { ended(account: record.account, stateMachineArn: record.stateMachineArn, status: record.status) }
    }

    private func ended(account: String, stateMachineArn: String, status: ExecutionRecord.Status) {
        Counter(label: "stepwise_executions_finished_total",
                dimensions: labels(account: account, stateMachineArn: stateMachineArn) + [("status", status.rawValue)], factory: factory).increment()
    }

    private func count(_ tally: CommitTally) {
        if tally.stateTransitions > 0 { transitions.increment(by: tally.stateTransitions) }
        for entry in tally.entries {
            Counter(label: "stepwise_tasks_total", dimensions: [("resource", entry.resource), ("what", entry.what.rawValue)], factory: factory)
                .increment()
        }
    }

    /// One store call that committed a shard batch of `size` executions.
    func commitBatch(size: Int, duration: Duration) {
        commitDuration.recordNanoseconds(duration.nanoseconds)
        batchSize.record(size)
    }

    /// A child start refused (`ExecutionLimitExceeded`, `ThrottlingException`).
    func nestedStartRefused(account: String, error: String) {
        Counter(label: "stepwise_start_refusals_total", dimensions: [("account", account), ("error", error), ("source", "nested")],
                factory: factory).increment()
    }

    /// The age of the oldest outbox row the relay just read (0 when it read none).
    func outbox(oldest: Date?, now: Date = Date()) {
        outboxLag.record(oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    /// The shards `coordinator` holds now; `takenOver` of them it took from an owner whose lease ran out.
    func shards(owned: Int, coordinator: String, takenOver: Int = 0) {
        Gauge(label: "stepwise_shards_owned", dimensions: [("coordinator", coordinator)], factory: factory).record(owned)
        if takenOver > 0 {
            Counter(label: "stepwise_shard_takeovers_total", dimensions: [("coordinator", coordinator)], factory: factory).increment(by: takenOver)
        }
    }

    /// A shard message that could not be read went to the dead-letter queue.
    func deadLettered() {
        Counter(label: "stepwise_shard_dead_letters_total", dimensions: [], factory: factory).increment()
    }

    func ignored(_ n: Int = 1) { ignoredCount.add(n, ordering: .relaxed) }
    func replayed() { replays.add(1, ordering: .relaxed) }
    func launched() { started.add(1, ordering: .relaxed) }
    func admittedStart() { admitted.add(1, ordering: .relaxed) }

    /// Commits of execution changes (each one state transition step, applied once).
    public var commitCount: Int { commits.load(ordering: .relaxed) }
    /// Executions this coordinator saw end.
    public var finishedExecutions: Int { finishedCount.load(ordering: .relaxed) }
    /// Late or duplicate results and signals acknowledged without effect.
    public var ignoredMessages: Int { ignoredCount.load(ordering: .relaxed) }
    /// Executions rebuilt from the store by replaying their journal.
    public var replayedExecutions: Int { replays.load(ordering: .relaxed) }
    /// Executions this coordinator created from start requests.
    public var launchedExecutions: Int { started.load(ordering: .relaxed) }
    /// Queued executions this coordinator started when a slot freed.
    public var admittedExecutions: Int { admitted.load(ordering: .relaxed) }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
