public import JSONValue
public import Messages

/// The handlers a worker serves, by activity or function name.
///
/// ```swift
/// var worker = Worker()
/// worker.handle("resize") { input, context in
///     try await context.heartbeat()
///     return .object(JSONObject([("width", .int(100))]))
/// }
/// let service = WorkerService(worker: worker, url: url, logger: logger)
/// ```
public struct Worker: Sendable {
    /// A handler: the Task's input in, its output out. Throw ``TaskFailure`` to choose Error and Cause.
    public typealias Handler = @Sendable (_ input: JSON, _ context: TaskContext) async throws -> JSON

    private var handlers: [TaskTarget.Kind: [String: Handler]] = [:]

    /// A worker with no handlers.
    public init() {}

    /// Registers `handler` for `name`.
    /// - Parameters:
    ///   - name: The activity or function name (see ``TaskTarget`` for the allowed characters).
    ///   - kinds: Serve the function `name`, the activity `name`, or both (default): each kind
    ///     has its own queue, `stepwise.fn.NAME` and `stepwise.activity.NAME`.
    ///   - handler: Runs one invocation. A later registration for the same name replaces it.
    public mutating func handle(_ name: String, kinds: Set<TaskTarget.Kind> = [.function, .activity],
                                _ handler: @escaping Handler) {
        for kind in kinds { handlers[kind, default: [:]][name] = handler }
    }

    /// Every target served, sorted by queue name.
    public var targets: [TaskTarget] {
        handlers.flatMap { kind, byName in byName.keys.map { TaskTarget(kind: kind, name: $0) } }
            .sorted { $0.queue < $1.queue }
    }

    /// The queues the worker consumes, one per target.
    public var queues: [String] { targets.map(\.queue) }

    /// The handler for `target` (its qualifier is ignored), or nil.
    public func handler(for target: TaskTarget) -> Handler? {
        handlers[target.kind]?[target.name]
    }
}
