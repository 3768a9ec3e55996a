import AMQP
import AMQPTesting
import MessagesAMQP
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `stepwise` executable run as a child process (a coordinator or a worker) that a
/// test can `kill -9`.
final class StepwiseProcess: @unchecked Sendable {
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stepwise").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : root.appendingPathComponent(".build/debug/stepwise").path
    }

    let process = Process()
    let logPath: String
    /// The port of the process's HTTP API (a coordinator serves one).
    let apiPort = FreePort.pick()

    /// Starts `stepwise ARGS` with the cluster's broker and store.
    init(_ arguments: [String], cluster: Cluster, extra: [String: String] = [:]) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(arguments[0])-\(UUID().uuidString.prefix(6)).log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["STEPWISE_AMQP_URL"] = cluster.vhostURL
        env["STEPWISE_STORE"] = cluster.storeLocation
        env["STEPWISE_LOG_LEVEL"] = "info"
        env["STEPWISE_AMQP_QUEUE_TYPE"] = cluster.queues.kind.rawValue
        // Each coordinator process serves the API too: give each its own port.
        env["STEPWISE_API_PORT"] = String(apiPort)
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    /// The process's log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `marker`.
    func waitFor(_ marker: String, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(marker) { return }
            guard process.isRunning else { throw TestFailure("stepwise exited \(process.terminationStatus) before '\(marker)':\n\(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("no '\(marker)' in the log after \(timeout):\n\(log)")
    }

    /// SIGKILL: no shutdown, no acks, no lease release.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
