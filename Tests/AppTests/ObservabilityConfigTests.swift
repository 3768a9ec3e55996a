import App
import Foundation
import Logging
import Synchronization
import Testing

@Suite("metrics and log settings; the JSON log handler")
struct ObservabilityConfigTests {
    @Test("metrics on, state machine labels off, worker metrics on 9091, text logs, unless the file or environment says otherwise")
    func settings() throws {
        let defaults = try StepwiseConfiguration(yaml: nil, environment: [:])
        #expect(defaults.metricsEnabled && !defaults.stateMachineLabels)
        #expect(defaults.workerMetricsPort == 9091 && defaults.logFormat == .text)
        let file = try StepwiseConfiguration(yaml: "metrics:\n  enabled: false\n  state_machine_labels: true\nlog:\n  format: json\n", environment: [:])
        #expect(!file.metricsEnabled && file.stateMachineLabels && file.logFormat == .json)
        let env = try StepwiseConfiguration(yaml: nil, environment: ["STEPWISE_LOG_FORMAT": "JSON", "STEPWISE_WORKER_METRICS_PORT": "0"])
        #expect(env.logFormat == .json && env.workerMetricsPort == 0)
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: nil, environment: ["STEPWISE_LOG_FORMAT": "xml"]) }
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: nil, environment: ["STEPWISE_METRICS_ENABLED": "maybe"]) }
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: nil, environment: ["STEPWISE_WORKER_METRICS_PORT": "70000"]) }
    }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    @Test("a JSON log line: one object with time, level, label, message, metadata, and the execution's ARN and account")
    func jsonLines() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "stepwise") { line in lines.lines.withLock { $0.append(line) } }
        handler.logLevel = .debug
        handler[metadataKey: "coordinator"] = "c1"
        let logger = Logger(label: "stepwise") { _ in handler }
        let arn = "arn:aws:states:us-east-1:123456789012:execution:m:e1"
        logger.info("execution ended", metadata: ["execution": .string(arn), "status": "FAILED", "n": .stringConvertible(3)])
        logger.debug("from a worker", metadata: ["stepwise.execution": .string(arn), "list": ["a", "b"]])
        logger.trace("below the level")
        let written = lines.lines.withLock { $0 }
        #expect(written.count == 2 && written.allSatisfy { $0.hasSuffix("}\n") && $0.filter { $0 == "\n" }.count == 1 })
        let first = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(first["level"] as? String == "info" && first["message"] as? String == "execution ended")
        #expect(first["label"] as? String == "stepwise" && first["coordinator"] as? String == "c1")
        #expect(first["execution_arn"] as? String == arn && first["account"] as? String == "123456789012")
        #expect(first["status"] as? String == "FAILED" && first["n"] as? String == "3")
        #expect((first["time"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(written[1].utf8)) as? [String: Any])
        #expect(second["execution_arn"] as? String == arn && second["list"] as? [String] == ["a", "b"])
    }
}
