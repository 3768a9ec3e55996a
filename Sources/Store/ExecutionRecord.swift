public import Foundation

/// An execution as stored. The coordinator changes it only through ``ExecutionStore/commit(_:)``.
public struct ExecutionRecord: Sendable, Equatable {
    /// The AWS execution status.
    public enum Status: String, Sendable, CaseIterable {
        case running = "RUNNING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case timedOut = "TIMED_OUT"
        case aborted = "ABORTED"
        /// Accepted and waiting in a queue for a slot under a Stepwise limit (not an AWS status):
        /// it holds no slot, has no history yet, and starts when a slot frees.
        case pending = "PENDING"

        /// Whether the execution has finished.
        public var isTerminal: Bool { self != .running && self != .pending }
    }

    /// The execution ARN (unique).
    public var arn: String
    /// The AWS account id (the quota is counted per account).
    public var account: String
    /// The state machine it runs.
    public var stateMachineArn: String
    /// The state machine revision it runs.
    public var stateMachineRevisionId: String
    /// The execution name (unique per state machine).
    public var name: String
    /// The current status.
    public var status: Status
    /// The input JSON text.
    public var input: String
    /// The output JSON text, once succeeded.
    public var output: String?
    /// The error name, once failed.
    public var error: String?
    /// The error cause, once failed.
    public var cause: String?
    /// When it started.
    public var startDate: Date
    /// When it stopped.
    public var stopDate: Date?
    /// The execution that started this one (`States.StartExecution`), if any.
    public var parentArn: String?
    /// The root of the tree of nested executions (the execution itself when it has no parent).
    public var rootArn: String
    /// Bumped by every commit; commits name the version they expect (optimistic concurrency).
    public var version: Int64
    /// The interpreter's opaque snapshot, saved with every change.
    public var snapshot: [UInt8]

    /// Creates a record; `rootArn` defaults to `parentArn` (pass the parent's root when nesting deeper), else the execution itself.
    public init(
        arn: String, account: String, stateMachineArn: String, stateMachineRevisionId: String, name: String,
        status: Status = .running, input: String, output: String? = nil, error: String? = nil, cause: String? = nil,
        startDate: Date, stopDate: Date? = nil, parentArn: String? = nil, rootArn: String? = nil,
        version: Int64 = 1, snapshot: [UInt8] = []
    ) {
        self.arn = arn
        self.account = account
        self.stateMachineArn = stateMachineArn
        self.stateMachineRevisionId = stateMachineRevisionId
        self.name = name
        self.status = status
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.startDate = startDate
        self.stopDate = stopDate
        self.parentArn = parentArn
        self.rootArn = rootArn ?? parentArn ?? arn
        self.version = version
        self.snapshot = snapshot
    }
}
