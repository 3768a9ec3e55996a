import Instrumentation
import Synchronization
import Tracing

/// The spans of one execution, held in memory by the coordinator that runs it (#19), through
/// swift-distributed-tracing (swift-otel exports them when `tracing.enabled` is on):
/// - `execution <name>`: from the start to the end, a child of the caller's `traceparent`
///   (StartExecution's HTTP header) or, for a nested execution, of the parent's
///   `states:startExecution` task span, so that one trace holds the whole tree;
/// - `state <name>`: each state entered, until it exits (a child of the execution's span);
/// - `task <state>`: each task attempt and child start, from its dispatch to its result (a child of
///   its state's span). Its W3C `traceparent` travels with the invocation (an AMQP header and the
///   message body) or the child's start request, so the worker's span and the child execution's
///   span hang under it.
///
/// Only telemetry: nothing here is stored, so when another coordinator takes the execution over
/// (a crash, a shard moving) it goes on untraced (an unfinished trace, not a lost execution). The
/// interpreter's recorder calls it as it records actions: the one side effect of that otherwise
/// pure code, in memory only. With tracing off there is no trace object at all.
final class ExecutionTrace: Sendable {
    private let execution: any Span
    private let arn: String
    private let spans = Mutex<Spans>(Spans())

    private struct Spans {
        var tasks: [String: any Span] = [:]
        /// Open state spans by name (a Map's iterations open several of one name).
        var states: [String: [any Span]] = [:]
        /// The state entered last (a child start's request does not name its state).
        var lastState: String?
    }

    /// Whether the process traces (set once at start-up, before any execution runs).
    static let enabled = Atomic<Bool>(false)

    /// Starts the execution's span, under `traceparent` when the caller sent one.
    init(arn: String, name: String, traceparent: String?) {
        self.arn = arn
        var context = InstrumentationContext.topLevel
        if let traceparent {
            InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &context, using: DictionaryExtractor())
        }
        execution = startSpan("execution \(name)", context: context, ofKind: .consumer)
        execution.attributes["stepwise.execution_arn"] = arn
        execution.attributes["stepwise.account"] = ARNs.account(of: arn)
    }

    /// A trace when the process traces, else nil.
    static func start(arn: String, name: String, traceparent: String?) -> ExecutionTrace? {
        enabled.load(ordering: .relaxed) ? ExecutionTrace(arn: arn, name: name, traceparent: traceparent) : nil
    }

    func enterState(_ name: String) {
        let span = startSpan("state \(name)", context: execution.context, ofKind: .internal)
        span.attributes["stepwise.execution_arn"] = arn
        span.attributes["stepwise.state"] = name
        spans.withLock {
            $0.states[name, default: []].append(span)
            $0.lastState = name
        }
    }

    func exitState(_ name: String, failed: Bool = false) {
        let span = spans.withLock { s -> (any Span)? in
            guard var open = s.states[name], !open.isEmpty else { return nil }
            let first = open.removeFirst()
            s.states[name] = open.isEmpty ? nil : open
            return first
        }
        if failed { span?.setStatus(SpanStatus(code: .error)) }
        span?.end()
    }

    /// Starts a task's span (under its state's, or the state entered last when `state` is nil) and
    /// returns its `traceparent` for the message that dispatches it.
    func startTask(id: String, state: String?, resource: String) -> String? {
        let (name, parent) = spans.withLock { s -> (String, InstrumentationContext?) in
            let name = state ?? s.lastState ?? "?"
            return (name, s.states[name]?.last?.context)
        }
        let span = startSpan("task \(name)", context: parent ?? execution.context, ofKind: .producer)
        span.attributes["stepwise.execution_arn"] = arn
        span.attributes["stepwise.state"] = name
        span.attributes["stepwise.resource"] = resource
        spans.withLock { $0.tasks[id] = span }
        return Self.traceparent(of: span.context)
    }

    /// A task's result (or its cancellation: a timeout, a stop).
    func endTask(id: String, error: String? = nil) {
        guard let span = spans.withLock({ $0.tasks.removeValue(forKey: id) }) else { return }
        if let error {
            span.attributes["stepwise.error"] = error
            span.setStatus(SpanStatus(code: .error, message: error))
        }
        span.end()
    }

    /// The execution ended: every span still open ends with it.
    func finish(status: String, error: String?) {
        let open = spans.withLock { s -> [any Span] in
            defer { s = Spans() }
            return Array(s.tasks.values) + s.states.values.flatMap { $0 }
        }
        for span in open { span.end() }
        execution.attributes["stepwise.status"] = status
        if let error {
            execution.attributes["stepwise.error"] = error
            execution.setStatus(SpanStatus(code: .error, message: error))
        }
        execution.end()
    }

    /// The W3C `traceparent` of a context (nil when nothing traces).
    static func traceparent(of context: InstrumentationContext) -> String? {
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }
}

/// Reads trace headers from a `[String: String]`.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

/// Writes trace headers into a `[String: String]`.
struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

/// Makes this process's coordinators trace the executions they start from now on (after the
/// tracer is bootstrapped), or stop tracing new ones (the tracing benchmark alternates).
public func setExecutionTracing(_ on: Bool) {
    ExecutionTrace.enabled.store(on, ordering: .relaxed)
}
