import Foundation

/// A child process that exited with a failure status.
public struct SubprocessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// A broker virtual host of its own per test, so that coordinators of tests running side by side
/// never see each other's shard queues (the queue names are fixed by the wire contract).
public enum TestVhost {
    public static let baseURL = ProcessInfo.processInfo.environment["STEPWISE_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"
    public static let node = ProcessInfo.processInfo.environment["STEPWISE_TEST_NODE"] ?? "rabbit@localhost"

    /// Creates a vhost on `node` and returns the URL of `base` pointing at it.
    public static func create(base: String = baseURL, node: String = node) async throws -> (name: String, url: String) {
        let name = "t-" + UUID().uuidString.prefix(8).lowercased()
        try await rabbitmqctl(node, ["add_vhost", name])
        try await rabbitmqctl(node, ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"])
        var url = base
        if url.hasSuffix("/") { url.removeLast() }
        return (name, url + "/" + name)
    }

    public static func delete(_ name: String, node: String = node) async {
        try? await rabbitmqctl(node, ["delete_vhost", name])
    }

    /// Each rabbitmqctl boots an Erlang VM; dozens at once on two cores time out and fail, so a
    /// test process runs two at a time.
    private static let calls = AsyncLimiter(limit: 2)

    /// Runs rabbitmqctl against `node`, retrying for up to two minutes (a fault test may be
    /// restarting the node).
    public static func rabbitmqctl(_ node: String, _ arguments: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            do {
                try await calls.run { try await Subprocess.run("/usr/sbin/rabbitmqctl", ["-q", "-n", node] + arguments) }
                return
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

public enum Subprocess {
    /// Runs a program to completion off the concurrency pool; throws unless it exits 0.
    public static func run(_ path: String, _ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { p in
                if p.terminationStatus == 0 { c.resume(); return }
                let text = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
                    .split(separator: "\n").prefix(3).joined(separator: " / ")
                c.resume(throwing: SubprocessFailure(description: "\(path) \(arguments) exited \(p.terminationStatus): \(text)"))
            }
            do { try process.run() } catch { c.resume(throwing: error) }
        }
    }
}

