import Coordinator
public import Logging
import OTel
public import ServiceLifecycle

/// Starts OpenTelemetry tracing for this process when `tracing.enabled` is on: swift-otel's
/// tracer becomes the process's (swift-distributed-tracing's `InstrumentationSystem`), exporting
/// spans over OTLP/HTTP to `tracing.endpoint`, and the coordinator begins making execution spans.
/// swift-otel's metrics and logs stay off (metrics go to `/metrics`, logs to standard error).
/// Call once per process; the returned service (the span exporter) runs in the process's group.
/// - Returns: nil when tracing is off.
public func tracingService(_ configuration: StepwiseConfiguration, serviceName: String, logger: Logger) throws -> (any Service)? {
    guard configuration.tracingEnabled else { return nil }
    var otel = OTel.Configuration.default
    otel.serviceName = serviceName
    otel.logs.enabled = false
    otel.metrics.enabled = false
    otel.traces.enabled = true
    otel.traces.otlpExporter.endpoint = configuration.tracingEndpoint
    otel.traces.otlpExporter.protocol = configuration.tracingJSON ? .httpJSON : .httpProtobuf
    if let sampler = OTel.Configuration.TracesConfiguration.SamplerConfiguration.parentBasedTraceIDRatio(
        ratio: configuration.tracingSamplingRatio) {
        otel.traces.sampler = sampler
    }
    // Spans leave within a second of ending (the default waits 5 s).
    otel.traces.batchSpanProcessor.scheduleDelay = .seconds(1)
    otel.diagnosticLogger = .custom(logger)
    let service = try OTel.bootstrap(configuration: otel)
    setExecutionTracing(true)
    logger.info("tracing", metadata: ["endpoint": "\(configuration.tracingEndpoint)", "sampling_ratio": "\(configuration.tracingSamplingRatio)"])
    return service
}

/// Whether this process's coordinators trace the executions they start from now on (the tracing
/// benchmark alternates; `tracingService` turns it on).
public func traceExecutions(_ on: Bool) {
    setExecutionTracing(on)
}
