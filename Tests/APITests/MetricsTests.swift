import Foundation
import Testing

extension LiveServerTests {
    @Test("/metrics parses and its counters equal what happened (nested, failed, refused at the limit); JSON logs name the execution")
    func metricsAndJSONLogs() async throws {
        let env = ["STEPWISE_QUOTA_MAX_OPEN": "3", "STEPWISE_LOG_FORMAT": "json", "STEPWISE_LOG_LEVEL": "debug"]
        try await Self.withServer(env: env) { endpoint, log in
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_metrics.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint, log])
            #expect(result.status == 0, "\(result.output)")
        }
    }
}
