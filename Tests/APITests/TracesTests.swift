import AMQPTesting
import Foundation
import Testing

extension LiveServerTests {
    @Test("traces over OTLP/HTTP to a receiver in the test: one trace from the caller's traceparent, coordinator → worker and parent → child nested, ARNs as attributes")
    func traces() async throws {
        let port = FreePort.pick()
        let env = ["STEPWISE_TRACING_ENABLED": "true", "STEPWISE_TRACING_ENDPOINT": "http://127.0.0.1:\(port)/v1/traces",
                   "STEPWISE_TRACING_PROTOCOL": "http/json"]
        try await Self.withServer(env: env) { endpoint in
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_traces.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint, String(port)])
            #expect(result.status == 0, "\(result.output)")
        }
    }
}
