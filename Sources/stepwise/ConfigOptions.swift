import AMQP
import App
import ArgumentParser
import Foundation
import Logging

/// `--config PATH`, read with the environment into a `StepwiseConfiguration`.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Configuration file (default: $STEPWISE_CONFIG, else config/stepwise.yaml when present).")
    var config: String?

    /// Loads the configuration, or prints one line naming the bad field and exits 2.
    func load() throws -> StepwiseConfiguration {
        let env = ProcessInfo.processInfo.environment
        var text: String?
        if let path = config ?? env["STEPWISE_CONFIG"] {
            guard let t = try? String(contentsOfFile: path, encoding: .utf8) else {
                fail("config: cannot read the configuration file '\(path)'")
            }
            text = t
        } else if let t = try? String(contentsOfFile: "config/stepwise.yaml", encoding: .utf8) {
            text = t
        }
        do {
            return try StepwiseConfiguration(yaml: text, environment: env)
        } catch {
            fail(error.description)
        }
    }
}

extension ConfigOptions {
    /// The preamble of every command: the configuration, and logging set up at `level` (the
    /// configured level when nil).
    func start(logLevel level: Logger.Level? = nil) throws -> (StepwiseConfiguration, Logger) {
        let config = try load()
        return (config, bootstrapLogging(level ?? config.logLevel, format: config.logFormat))
    }
}

/// Prints `stepwise: MESSAGE` on stderr and exits with `code`.
func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("stepwise: \(message)\n".utf8))
    exit(code)
}

/// Exits on a broker error: 78 (EX_CONFIG, which deploy units do not restart on) when a queue
/// exists with another type or arguments (restarting cannot fix it), else 1.
func fail(_ what: String, _ error: AMQPError, broker: AMQPURL) -> Never {
    if error == .queueMismatch("") {
        fail("""
            \(what): \(error.message). Give every Stepwise process the same amqp.queue_type \
            (STEPWISE_AMQP_QUEUE_TYPE); to move this vhost to the other queue type, stop every Stepwise \
            process, let the queues drain, delete them (rabbitmqctl delete_queue NAME) and start again \
            (README, "Queue types")
            """, code: 78)
    }
    fail("\(what): \(error.description) (broker \(broker))", code: 1)
}

func bootstrapLogging(_ level: Logger.Level, format: StepwiseConfiguration.LogFormat = .text) -> Logger {
    LoggingSystem.bootstrap { label in
        switch format {
        case .text:
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        case .json:
            var h = JSONLogHandler(label: label)
            h.logLevel = level
            return h
        }
    }
    return Logger(label: "stepwise")
}
