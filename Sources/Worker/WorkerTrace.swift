import Instrumentation
import Messages
import Tracing

/// A worker's span for one invocation (swift-distributed-tracing), a child of the coordinator's
/// task span named by the invocation's `traceparent`; none when the invocation carries none (the
/// coordinator does not trace), so an untraced cluster pays nothing here.
enum WorkerTrace {
    static func start(_ invocation: TaskInvocationMessage, worker: String) -> (any Span)? {
        guard let traceparent = invocation.traceparent else { return nil }
        var context = InstrumentationContext.topLevel
        InstrumentationSystem.instrument.extract([WireNames.traceparentHeader: traceparent], into: &context, using: HeaderExtractor())
        let span = startSpan("run \(invocation.target.queue)", context: context, ofKind: .consumer)
        span.attributes["stepwise.execution_arn"] = invocation.executionArn
        span.attributes["stepwise.state"] = invocation.stateName
        span.attributes["stepwise.resource"] = invocation.resource
        span.attributes["stepwise.attempt"] = invocation.attempt
        span.attributes["stepwise.worker"] = worker
        return span
    }

    static func end(_ span: (any Span)?, _ outcome: TaskResultMessage.Outcome?) {
        guard let span else { return }
        switch outcome {
        case .failed(let error, _)?:
            span.attributes["stepwise.error"] = error
            span.setStatus(SpanStatus(code: .error, message: error))
        case nil:
            span.setStatus(SpanStatus(code: .error, message: "not answered (requeued or dead-lettered)"))
        default:
            break
        }
        span.end()
    }
}

/// Reads trace headers from a `[String: String]`.
struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
