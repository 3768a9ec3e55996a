/// Limits on open executions beyond the account's: per state machine and per execution tree (a
/// Stepwise extension, see README "Limits per state machine and per tree").
///
/// A scope is a set of executions counted together: `sm:<state machine ARN>` or `tree:<root
/// execution ARN>`. A create under limits counts the scope's open executions exactly (creators of a
/// scope are serialised), and when a scope is full either refuses the start (``StoreError/limitExceeded``,
/// AWS's behaviour) or, when the scope's limit queues, stores the execution as `PENDING` in the
/// scope's queue (FIFO by acceptance) until ``ExecutionStore/startPending(_:quota:limits:)`` starts it.
public struct ExecutionLimits: Sendable, Equatable {
    /// One scope's limit.
    public struct Scope: Sendable, Equatable, Hashable {
        /// `sm:<ARN>` or `tree:<root ARN>`.
        public var name: String
        /// Most open executions the scope may hold (1 or more).
        public var maxOpen: Int
        /// Whether a start over the limit waits (`true`) or is refused.
        public var queues: Bool

        public init(name: String, maxOpen: Int, queues: Bool) {
            self.name = name
            self.maxOpen = maxOpen
            self.queues = queues
        }
    }

    public var scopes: [Scope]

    public init(scopes: [Scope] = []) {
        self.scopes = scopes.sorted { $0.name < $1.name }
    }

    /// No limit beyond the account's.
    public static let none = ExecutionLimits()

    public var isEmpty: Bool { scopes.isEmpty }

    /// The scope of a state machine's executions.
    public static func stateMachineScope(_ arn: String) -> String { "sm:" + arn }
    /// The scope of an execution tree, named by its root.
    public static func treeScope(root: String) -> String { "tree:" + root }
}

/// What a create or a start of a queued execution under ``ExecutionLimits`` did.
public enum LimitedStart: Sendable, Equatable {
    /// The execution started (it holds its slots).
    case started
    /// It waits in its scopes' queues as `PENDING`.
    case queued
    /// A queued execution could not start yet: this scope (or `account`) is full; it stays queued.
    case blocked(String)
    /// The queued execution is no longer `PENDING` (started or stopped by someone else).
    case gone
}

/// A queued execution, as ``ExecutionStore/pendingStarts(scope:limit:)`` lists it.
public struct PendingStart: Sendable, Equatable {
    /// The execution as stored (status `PENDING`).
    public var execution: ExecutionRecord
    /// Its place in the queue (acceptance order across the cluster).
    public var sequence: Int64
    /// What the creator stored with it (the parent's waiting task, for a nested start).
    public var detail: String

    public init(execution: ExecutionRecord, sequence: Int64, detail: String) {
        self.execution = execution
        self.sequence = sequence
        self.detail = detail
    }
}

/// A scope's counts (``ExecutionStore/scopeCounts(_:)``).
public struct ScopeCount: Sendable, Equatable {
    public var open: Int
    public var pending: Int

    public init(open: Int, pending: Int) {
        self.open = open
        self.pending = pending
    }
}

extension ExecutionLimits {
    /// The message of a refusal by a full scope (both stores use it).
    public static func refusal(_ scope: Scope, open: Int) -> String {
        if scope.name.hasPrefix("tree:") {
            return "the execution tree of \(scope.name.dropFirst(5)) has \(open) open executions (its limit is \(scope.maxOpen))"
        }
        return "state machine \(scope.name.dropFirst(3)) has \(open) open executions (its limit is \(scope.maxOpen))"
    }
}

extension ExecutionRecord {
    /// The record as a queued start is stored: `PENDING`, version 1, no snapshot, no outcome.
    public func queued() -> ExecutionRecord {
        var record = self
        record.status = .pending
        record.output = nil
        record.error = nil
        record.cause = nil
        record.stopDate = nil
        record.version = 1
        record.snapshot = []
        return record
    }
}
