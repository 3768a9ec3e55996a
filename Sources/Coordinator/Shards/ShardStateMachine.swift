import ASL
import Foundation
import Messages
import Store

/// The logic of one shard's processor, as a value: inputs in (a batch of results, signals and
/// due timers; the executions it asked for; the outcomes of its commits; a lost lease), actions
/// out (executions to load, commits to make, inputs to settle, relays to wake). No I/O, no clock:
/// ``ShardProcessor`` performs the actions and feeds their outcomes back.
///
/// A batch runs in up to three steps: ``receive(_:now:)`` answers ``Action/load(_:)`` for
/// executions not in memory, ``loaded(_:)`` takes them; then every execution the batch touched
/// becomes one fenced commit (``Action/commit(_:)``), and ``committed(_:)`` acks the inputs of
/// each commit that applied and requeues those of one that did not. An input the interpreter
/// no longer waits for (a duplicate or late result, a signal after the end) is acked unapplied.
struct ShardStateMachine: Sendable {
    /// How the driver names an input it holds (a delivery, a bundle's part, a due timer) until
    /// the machine says how to settle it.
    typealias Token = Int

    /// What an input says, decoded.
    enum Input: Sendable {
        case result(TaskResultMessage)
        case signal(ExecutionSignal)
        case timer(TimerRecord)
        /// A delivery that is not a result or a signal this build reads.
        case malformed

        var executionArn: String? {
            switch self {
            case .result(let r): r.executionArn
            case .signal(let s): s.executionArn
            case .timer(let t): t.executionArn
            case .malformed: nil
            }
        }
    }

    /// How an input is settled.
    enum Settlement: Sendable, Equatable {
        /// Done with: applied and committed, or ignored (a timer is released).
        case ack
        /// To be handled again (a delivery goes back to the queue; a timer is released to be polled again).
        case requeue
        /// Unreadable: to the dead-letter exchange.
        case deadLetter
    }

    /// A stored execution as the driver found it.
    enum Loaded: Sendable {
        case live(LiveExecution)
        /// It does not exist or has ended: its inputs are acked and ignored.
        case gone
        /// The store could not answer: its inputs go back, after a pause.
        case unavailable
    }

    /// What the driver must do, in order.
    enum Action: Sendable {
        /// Read these executions (not in memory) and answer with ``loaded(_:)``.
        case load([String])
        /// Make these commits in one store call and answer with ``committed(_:)``, outcomes in order.
        case commit([ExecutionCommit])
        case settle([Token], Settlement)
        /// Pause before the inputs that follow are requeued: the store failed.
        case backOff
        /// New outbox rows were committed.
        case wakeRelay
        /// New timers were committed; the earliest is due then.
        case wakeTimers(Date)
        /// A commit found the shard's lease taken: the shard must stop.
        case leaseLost
        /// Inputs acked without effect (counted).
        case ignored(Int)
        /// A commit of execution `arn` applied `events` history events (counted); it ended when `status` is terminal.
        case committed(Committed)
    }

    /// The lease's fencing token every commit carries.
    let fence: LeaseFence
    /// Executions held in memory between batches, by ARN, as of their last commit.
    private var cache: [String: LiveExecution] = [:]
    private var batch: Batch?
    /// Set once the lease is lost: nothing more is applied or kept.
    private(set) var leaseLost = false

    init(fence: LeaseFence) {
        self.fence = fence
    }

    private struct Work {
        var live: LiveExecution
        var change = ExecutionChange()
        var tokens: [Token] = []
    }

    private struct Batch {
        var now: Date
        /// Inputs in arrival order, waiting for their executions.
        var inputs: [(token: Token, input: Input, arn: String)]
        var loaded: [String: Loaded] = [:]
        /// Commits in flight, in the order they were handed out.
        var prepared: [Work] = []
    }

    // MARK: inputs

    /// A new batch (the previous one must be finished).
    mutating func receive(_ inputs: [(token: Token, input: Input)], now: Date) -> [Action] {
        precondition(batch == nil, "a shard batch is already in progress")
        var actions: [Action] = []
        if leaseLost {
            return [.settle(inputs.map(\.token), .requeue)]
        }
        var valid: [(token: Token, input: Input, arn: String)] = []
        var malformed: [Token] = []
        var missing: [String] = []
        var seen = Set<String>()
        for (token, input) in inputs {
            guard let arn = input.executionArn else {
                malformed.append(token)
                continue
            }
            valid.append((token, input, arn))
            if cache[arn] == nil, seen.insert(arn).inserted { missing.append(arn) }
        }
        if !malformed.isEmpty { actions.append(.settle(malformed, .deadLetter)) }
        batch = Batch(now: now, inputs: valid)
        if !missing.isEmpty {
            actions.append(.load(missing))
            return actions
        }
        return actions + apply()
    }

    /// The executions a ``Action/load(_:)`` asked for.
    mutating func loaded(_ executions: [String: Loaded]) -> [Action] {
        precondition(batch != nil, "no shard batch is in progress")
        batch!.loaded = executions
        return apply()
    }

    /// The outcomes of the last ``Action/commit(_:)``, in its order.
    mutating func committed(_ outcomes: [Result<Int64, StoreError>]) -> [Action] {
        guard let current = batch else { preconditionFailure("no shard batch is in progress") }
        batch = nil
        precondition(outcomes.count == current.prepared.count, "one outcome per commit")
        var acked: [Token] = []
        var requeued: [Token] = []
        var actions: [Action] = []
        var wakeRelay = false
        var earliestTimer: Date?
        var lost = false
        var backOff = false
        for (work, outcome) in zip(current.prepared, outcomes) {
            switch outcome {
            case .success(let version):
                var live = work.live
                live.record.version = version
                let finished = live.record.status.isTerminal
                acked += work.tokens
                actions.append(.committed(Committed(
                    arn: live.arn, root: live.record.rootArn, account: live.record.account, stateMachineArn: live.record.stateMachineArn,
                    events: work.change.events.count, status: live.record.status, tally: work.change.tally)))
                if !work.change.outbox.isEmpty { wakeRelay = true }
                for timer in work.change.addTimers where earliestTimer.map({ timer.dueDate < $0 }) ?? true {
                    earliestTimer = timer.dueDate
                }
                if !leaseLost {
                    if finished { cache[live.arn] = nil } else { cache[live.arn] = live }
                }
            case .failure(let error):
                cache[work.live.arn] = nil
                if error == StoreError.invalidTransition {
                    // The execution ended elsewhere (a stop, another commit): nothing to do again.
                    acked += work.tokens
                    continue
                }
                requeued += work.tokens
                if error == StoreError.fencingConflict { lost = true }
                if error == StoreError.backend { backOff = true }
            }
        }
        if !acked.isEmpty { actions.append(.settle(acked, .ack)) }
        if wakeRelay { actions.append(.wakeRelay) }
        if let earliestTimer { actions.append(.wakeTimers(earliestTimer)) }
        if lost {
            actions += leaseWasLost()
        }
        if !requeued.isEmpty {
            if backOff { actions.append(.backOff) }
            actions.append(.settle(requeued, .requeue))
        }
        return actions
    }

    /// The shard's lease is gone (a failed renewal, a fencing conflict): drop every execution in
    /// memory; inputs of later batches go back to the queue for the next owner.
    mutating func leaseWasLost() -> [Action] {
        guard !leaseLost else { return [] }
        leaseLost = true
        cache = [:]
        return [.leaseLost]
    }

    /// Keeps an execution created in this process (a start), unless a newer state is held.
    mutating func adopt(_ live: LiveExecution) {
        guard !leaseLost, cache[live.arn] == nil else { return }
        cache[live.arn] = live
    }

    /// The execution as held in memory (its ``LiveExecution/version`` says which commit it reflects).
    func cached(_ arn: String) -> LiveExecution? { cache[arn] }

    /// Executions held in memory.
    var cachedCount: Int { cache.count }

    // MARK: applying a batch

    /// Applies every input of the batch to its execution and hands out the commits.
    private mutating func apply() -> [Action] {
        guard var current = batch else { preconditionFailure("no shard batch is in progress") }
        let ms = current.now.milliseconds
        var work: [String: Work] = [:]
        var order: [String] = []
        var acks: [Token] = []
        var ignored = 0
        var unavailable: [Token] = []
        for (token, input, arn) in current.inputs {
            if work[arn] == nil {
                if let hit = cache[arn] {
                    work[arn] = Work(live: hit)
                } else {
                    switch current.loaded[arn] ?? .unavailable {
                    case .live(let live): work[arn] = Work(live: live)
                    case .gone:
                        acks.append(token)
                        ignored += 1
                        continue
                    case .unavailable:
                        unavailable.append(token)
                        continue
                    }
                }
                order.append(arn)
            }
            if !Self.apply(input, token: token, at: ms, to: &work[arn]!) { ignored += 1 }
        }
        current.inputs = []
        current.loaded = [:]
        var actions: [Action] = []
        var commits: [ExecutionCommit] = []
        for arn in order {
            guard var item = work.removeValue(forKey: arn) else { continue }
            guard !item.change.isEmpty else {
                acks += item.tokens
                continue
            }
            commits.append(Self.commit(&item, fence: fence, at: current.now))
            current.prepared.append(item)
        }
        if ignored > 0 { actions.append(.ignored(ignored)) }
        if !acks.isEmpty { actions.append(.settle(acks, .ack)) }
        if !unavailable.isEmpty { actions += [.backOff, .settle(unavailable, .requeue)] }
        if commits.isEmpty {
            batch = nil
        } else {
            batch = current
            actions.append(.commit(commits))
        }
        return actions
    }

    /// Feeds one input to its execution's interpreter; false when the execution no longer waits for it.
    private static func apply(_ input: Input, token: Token, at ms: Int64, to work: inout Work) -> Bool {
        work.tokens.append(token)
        var events: [ExecutionEvent] = []
        var applies = true
        switch input {
        case .result(let result):
            guard work.live.machine.isWaiting(forTask: result.key) else {
                applies = false
                break
            }
            events = ShardEvents.events(for: result, in: work.live, processed: &work.change.processedResultKeys)
        case .signal(let signal):
            events = ShardEvents.events(for: signal, machine: work.live.machine)
            applies = !events.isEmpty
            if let key = signal.taskKey, signal.kind == .taskSuccess || signal.kind == .taskFailure, applies {
                work.change.processedResultKeys.append(key)
            }
        case .timer(let timer):
            work.change.deleteTimerIds.append(timer.id)
            if work.live.machine.isWaiting(forTimer: timer.payload) { events = [.timerFired(id: timer.payload)] }
        case .malformed:
            applies = false
        }
        for event in events where work.live.machine.status == .running {
            ExecutionDriver.apply(event, at: ms, to: &work.live, change: &work.change)
        }
        return applies
    }

    /// The fenced, version-checked commit of `work` (its record updated to what the commit stores).
    private static func commit(_ work: inout Work, fence: LeaseFence, at now: Date) -> ExecutionCommit {
        let expectedVersion = work.live.version
        work.live.record.snapshot = work.live.journal.snapshot()
        if let result = work.change.result { work.live.record.finish(result, at: now) }
        if work.live.record.status.isTerminal, let notice = ShardEvents.parentNotice(work.live, at: now) {
            work.change.outbox.append(notice)
        }
        let record = work.live.record
        let change = work.change
        return ExecutionCommit(
            executionArn: record.arn, expectedVersion: expectedVersion, fence: fence, date: now,
            status: record.status, output: record.output, error: record.error, cause: record.cause,
            stopDate: record.stopDate, snapshot: record.snapshot, events: change.events,
            addTimers: change.addTimers, deleteTimerIds: change.deleteTimerIds, outbox: change.outbox,
            processedResultKeys: change.processedResultKeys)
    }
}

extension ShardStateMachine {
    /// What ``Action/committed(_:)`` reports of one execution's commit.
    struct Committed: Equatable {
        var arn: String
        var root: String
        var account: String
        var stateMachineArn: String
        var events: Int
        var status: ExecutionRecord.Status
        var tally: CommitTally

        var finished: Bool { status.isTerminal }
    }
}
