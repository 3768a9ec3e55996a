public import Foundation
import Synchronization

/// The durable state of Stepwise: state machines, executions and everything an execution's change
/// writes with it (history, timers, outbox, processed result keys), plus leases and the
/// per-account open-execution counter.
///
/// Implementations: `SQLiteExecutionStore` (embedded, the default) and `PostgresExecutionStore`
/// (several coordinator hosts). Both pass the same conformance suite. All dates are stored with
/// millisecond precision. Every method throws ``StoreError``.
///
/// How the coordinator uses it (Temporal's "transfer tasks"): every step of an execution is one
/// ``commit(_:)`` that saves the new state *and* the work it causes — history, timers, outbox
/// messages — in one transaction; a relay then publishes ``pendingOutbox(shards:limit:)`` and deletes
/// what it published, and a timer loop reads ``dueTimers(shards:before:limit:)``, each for the
/// shards its coordinator owns. Redelivered task
/// results are recognised by their key (``isResultProcessed(executionArn:key:)``, and a commit
/// that records a key twice fails). Coordinators sharing executions hold a lease per shard and
/// pass its fencing token with each commit, so a former owner can no longer write.
public protocol ExecutionStore: Sendable {
    // MARK: State machines

    /// Creates a state machine and its first revision; ``StoreError/alreadyExists`` if the ARN is taken.
    func createStateMachine(_ record: StateMachineRecord) async throws
    /// The state machine with its current revision; ``StoreError/notFound`` if absent.
    func getStateMachine(arn: String) async throws -> StateMachineRecord
    /// Adds a revision and makes it current; returns the updated record.
    func updateStateMachine(_ update: StateMachineUpdate) async throws -> StateMachineRecord
    /// One revision, current or old.
    func getStateMachineRevision(arn: String, revisionId: String) async throws -> StateMachineRevision
    /// Sets the status to `DELETING`.
    func markStateMachineDeleting(arn: String) async throws
    /// Removes the state machine and its revisions (executions are kept).
    func deleteStateMachine(arn: String) async throws
    /// The account's state machines ordered by ARN.
    func listStateMachines(account: String, page: PageRequest) async throws -> Page<StateMachineRecord>

    // MARK: Activities and tags

    /// Creates an activity, or returns the one that already has its ARN (CreateActivity is idempotent).
    func createActivity(_ record: ActivityRecord) async throws -> ActivityRecord
    /// One activity; ``StoreError/notFound`` if absent.
    func getActivity(arn: String) async throws -> ActivityRecord
    /// Removes an activity and its tags; nothing happens when it is absent.
    func deleteActivity(arn: String) async throws
    /// The account's activities ordered by ARN.
    func listActivities(account: String, page: PageRequest) async throws -> Page<ActivityRecord>
    /// A resource's tags, by key.
    func tags(resourceArn: String) async throws -> [ResourceTag]
    /// The tags whose keys start with `keyPrefix` of each of the account's state machines that has
    /// some, by state machine ARN (one read however many machines the account has).
    func stateMachineTags(account: String, keyPrefix: String) async throws -> [String: [ResourceTag]]
    /// Adds tags, replacing the value of a key already there.
    func tagResource(arn: String, tags: [ResourceTag]) async throws
    /// Removes the tags with these keys (unknown keys are ignored).
    func untagResource(arn: String, keys: [String]) async throws

    // MARK: Executions

    /// Inserts the execution with its first events, outbox messages and timers in one transaction,
    /// taking an open-execution slot when it is `RUNNING`. One that has already ended takes no slot
    /// but is refused all the same while the account is at its limit (AWS refuses any start there).
    /// When the quota carries a ``StartBucket``, the create first takes a token from the account's
    /// bucket (an empty bucket refuses it before anything else is checked); the token stays taken
    /// when the create is then refused for its name or the limit, as AWS counts every
    /// StartExecution call against the bucket.
    /// - Throws: ``StoreError/alreadyExists`` (with ``StoreError/existingExecution``) when the state
    ///   machine already has an execution of that name; ``StoreError/limitExceeded`` when the quota is
    ///   full; ``StoreError/throttled`` when the bucket is empty.
    func createExecution(_ start: ExecutionStart, quota: ExecutionQuota) async throws
    /// One execution; ``StoreError/notFound`` if absent.
    func getExecution(arn: String) async throws -> ExecutionRecord
    /// Executions newest first (start date, then ARN).
    func listExecutions(_ filter: ExecutionFilter, page: PageRequest) async throws -> Page<ExecutionRecord>
    /// How many executions `filter` selects, by status (its `status` is ignored); statuses with
    /// none are absent.
    func executionCounts(_ filter: ExecutionFilter) async throws -> [ExecutionRecord.Status: Int]
    /// The executions started by this one, oldest first.
    func children(of arn: String) async throws -> [ExecutionRecord]
    /// How many executions each of `arns` started; an execution that started none is absent.
    func childCounts(of arns: [String]) async throws -> [String: Int]
    /// The parent chain: the parent first, the root last (empty for a root).
    func ancestors(of arn: String) async throws -> [ExecutionRecord]
    /// Applies one change atomically and returns the new version (see ``ExecutionCommit``).
    /// - Throws: ``StoreError/versionConflict``, ``StoreError/fencingConflict``,
    ///   ``StoreError/notFound``, ``StoreError/invalidTransition``, ``StoreError/resultAlreadyProcessed``.
    @discardableResult
    func commit(_ commit: ExecutionCommit) async throws -> Int64
    /// Applies several changes, each atomically on its own as ``commit(_:)`` does: one that fails
    /// leaves the others applied. A store may apply them together (one transaction, one sync).
    /// - Returns: Each change's new version or its error, in order.
    func commit(each commits: [ExecutionCommit]) async -> [Result<Int64, StoreError>]
    /// A page of history events.
    func history(_ query: HistoryQuery) async throws -> [HistoryEvent]
    /// Whether a task result key was already applied (or ignored) for the execution.
    func isResultProcessed(executionArn: String, key: String) async throws -> Bool
    /// The account's number of open (`RUNNING`) executions as counted by the quota.
    func openExecutionCount(account: String) async throws -> Int
    /// The tokens in the account's StartExecution bucket at `now` (see ``StartBucket``).
    func startTokens(account: String, bucket: StartBucket, now: Date) async throws -> Double

    // MARK: Limits per state machine and per tree (``ExecutionLimits``)

    /// ``createExecution(_:quota:)`` under `limits` as well: while every scope has room (and none
    /// that queues has executions waiting), it creates the execution as ``createExecution(_:quota:)``
    /// does and counts it in each scope. Otherwise, when every full scope queues, it stores only the
    /// execution's row as `PENDING` (version 1, no history, no slot), with `detail`, at the end of
    /// each scope's queue; else it refuses with ``StoreError/limitExceeded``. The bucket token, if
    /// any, is taken either way.
    /// - Returns: ``LimitedStart/started`` or ``LimitedStart/queued``.
    func createExecution(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits, detail: String) async throws -> LimitedStart
    /// Starts a queued execution: when it is still `PENDING` and every scope of `limits` and the
    /// account have room, writes `start` (its new status, snapshot, first events, timers, outbox;
    /// version 2), counts it in the scopes and takes it out of every queue, in one transaction.
    /// - Returns: ``LimitedStart/started``, ``LimitedStart/blocked(_:)`` (nothing written), or
    ///   ``LimitedStart/gone`` when it is no longer pending.
    func startPending(_ start: ExecutionStart, quota: ExecutionQuota, limits: ExecutionLimits) async throws -> LimitedStart
    /// The first queued executions of a scope, in queue order.
    func pendingStarts(scope: String, limit: Int) async throws -> [PendingStart]
    /// Scopes that have queued executions.
    func pendingScopes(limit: Int) async throws -> [String]
    /// Stops a queued execution: `ABORTED` with `event` as its history, out of every queue;
    /// `false` (nothing written) when it is no longer `PENDING`.
    func abortPending(arn: String, event: HistoryEvent, error: String?, cause: String?, stopDate: Date) async throws -> Bool
    /// Counts a state machine's running executions in `scope` (when a limit is set on it later).
    func countRunning(stateMachineArn: String, in scope: String) async throws
    /// Open and queued executions of each scope.
    func scopeCounts(_ scopes: [String]) async throws -> [ScopeCount]

    // MARK: Timers and outbox

    /// Timers of the executions of these shards (``ExecutionShards``) due before `date`, earliest
    /// first; rows of other shards are never read.
    func dueTimers(shards: [Int], before date: Date, limit: Int) async throws -> [TimerRecord]
    /// The timers of one execution, earliest first.
    func timers(executionArn: String) async throws -> [TimerRecord]
    /// Outbox messages of these shards' executions not yet deleted, in id order; rows of other
    /// shards are never read.
    func pendingOutbox(shards: [Int], limit: Int) async throws -> [OutboxEntry]
    /// Deletes published outbox messages; unknown ids are ignored.
    func deleteOutbox(ids: [Int64]) async throws

    // MARK: Leases

    /// Takes the lease if it is free, expired or already `owner`'s; `nil` if another owner holds it.
    /// The fencing token increases whenever the lease is taken anew (a new owner, or after it
    /// expired or was released); it stays the same while the owner keeps it alive.
    func acquireLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease?
    /// Extends each of `owner`'s live leases among `names`, in one write; returns the leases it
    /// extended (a name missing from them expired, has another owner, or does not exist).
    func renewLeases(names: [String], owner: String, ttl: Duration, now: Date) async throws -> [Lease]
    /// The unexpired leases whose names start with `prefix`, by name (e.g. the live members of a cluster).
    func liveLeases(prefix: String, now: Date) async throws -> [Lease]
    /// Gives the lease up (it expires at once); does nothing unless `owner` holds it.
    func releaseLease(name: String, owner: String) async throws
}

extension ExecutionStore {
    /// Extends `owner`'s live lease; `nil` if it expired, another owner has it, or it does not exist.
    public func renewLease(name: String, owner: String, ttl: Duration, now: Date) async throws -> Lease? {
        try await renewLeases(names: [name], owner: owner, ttl: ttl, now: now).first
    }

    /// Due timers of every shard (a single coordinator owning them all, tests).
    public func dueTimers(before date: Date, limit: Int) async throws -> [TimerRecord] {
        try await dueTimers(shards: ExecutionShards.all, before: date, limit: limit)
    }

    /// Pending outbox messages of every shard (a single coordinator owning them all, tests).
    public func pendingOutbox(limit: Int) async throws -> [OutboxEntry] {
        try await pendingOutbox(shards: ExecutionShards.all, limit: limit)
    }

    /// ``commit(_:)`` for each change, concurrently.
    ///
    /// The child tasks hand their outcomes over through a locked array rather than as task group
    /// results: with Swift 6.3.1, release builds returned garbage from a group whose child result
    /// was `(Int, Result<Int64, StoreError>)`.
    public func commit(each commits: [ExecutionCommit]) async -> [Result<Int64, StoreError>] {
        let outcomes = CommitOutcomes(count: commits.count)
        await withTaskGroup(of: Void.self) { group in
            for (index, commit) in commits.enumerated() {
                group.addTask {
                    do {
                        outcomes.set(index, .success(try await self.commit(commit)))
                    } catch {
                        outcomes.set(index, .failure(error as? StoreError ?? StoreError.backend.with(message: "\(error)")))
                    }
                }
            }
        }
        return outcomes.all()
    }
}

/// The outcomes of concurrent commits, by position.
private final class CommitOutcomes: Sendable {
    private let outcomes: Mutex<[Result<Int64, StoreError>]>

    init(count: Int) {
        outcomes = Mutex(Array(repeating: .failure(StoreError.backend.with(message: "no outcome")), count: count))
    }

    func set(_ index: Int, _ outcome: Result<Int64, StoreError>) {
        outcomes.withLock { $0[index] = outcome }
    }

    func all() -> [Result<Int64, StoreError>] {
        outcomes.withLock { $0 }
    }
}
