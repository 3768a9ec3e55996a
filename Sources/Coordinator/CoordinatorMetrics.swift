import Synchronization

/// Counters a coordinator keeps (logged on shutdown, read by tests and benchmarks).
public final class CoordinatorMetrics: Sendable {
    private let commits = Atomic<Int>(0)
    private let events = Atomic<Int>(0)
    private let finishedCount = Atomic<Int>(0)
    private let ignoredCount = Atomic<Int>(0)
    private let replays = Atomic<Int>(0)
    private let started = Atomic<Int>(0)
    private let admitted = Atomic<Int>(0)

    public init() {}

    func committed(events n: Int, finished: Bool) {
        commits.add(1, ordering: .relaxed)
        events.add(n, ordering: .relaxed)
        if finished { finishedCount.add(1, ordering: .relaxed) }
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
