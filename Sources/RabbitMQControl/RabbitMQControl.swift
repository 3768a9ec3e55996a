import Foundation

/// Administers a local RabbitMQ node through `rabbitmqctl`: virtual hosts of their own for
/// benchmarks and tests (the queue names are fixed by the wire contract, so runs side by side
/// must not share a vhost), and stopping or starting a node's application.
public enum RabbitMQControl {
    /// Each rabbitmqctl boots an Erlang VM; dozens at once on two cores time out and fail, so a
    /// process runs two at a time.
    private static let calls = AsyncLimiter(limit: 2)

    /// Creates a vhost named `prefix` plus 8 random characters on `node`, with full permissions
    /// for `guest`; returns its name and `base` pointing at it.
    /// - Parameters:
    ///   - base: An AMQP URL of the node's default vhost.
    ///   - node: The node's name, for example `rabbit@localhost`.
    ///   - prefix: The start of the vhost's name.
    public static func createVhost(base: String, node: String, prefix: String = "t-") async throws -> (name: String, url: String) {
        let name = prefix + UUID().uuidString.prefix(8).lowercased()
        try await rabbitmqctl(node, ["add_vhost", name])
        try await rabbitmqctl(node, ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"])
        var url = base
        if url.hasSuffix("/") { url.removeLast() }
        return (name, url + "/" + name)
    }

    /// Deletes vhost `name` on `node` (with its queues); errors are ignored.
    public static func deleteVhost(_ name: String, node: String) async {
        try? await rabbitmqctl(node, ["delete_vhost", name])
    }

    /// A queue as `rabbitmqctl list_queues` shows it.
    public struct QueueInfo: Sendable, Equatable {
        public let name: String
        public let type: String
        /// Each `x-` argument's value as text (`"stepwise.dead-letter"`, `"20"`, `"true"`).
        public let arguments: [String: String]
    }

    /// The queues of `vhost` on `node`, with their type and arguments.
    public static func queues(vhost: String, node: String) async throws -> [QueueInfo] {
        try await listQueues(vhost: vhost, node: node, ["name", "type", "arguments"]).map { row in
            var arguments: [String: String] = [:]
            for case let triple as [Any] in (row["arguments"] as? [Any]) ?? [] where triple.count == 3 {
                arguments["\(triple[0])"] = "\(triple[2])"
            }
            return QueueInfo(name: "\(row["name"] ?? "")", type: "\(row["type"] ?? "")", arguments: arguments)
        }
    }

    /// The messages in each queue of `vhost` on `node` (ready and unacknowledged), by queue name.
    public static func messageCounts(vhost: String, node: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await listQueues(vhost: vhost, node: node, ["name", "messages"]) {
            counts["\(row["name"] ?? "")"] = (row["messages"] as? NSNumber)?.intValue ?? 0
        }
        return counts
    }

    /// `rabbitmqctl list_queues` of `columns`, a JSON object per queue.
    private static func listQueues(vhost: String, node: String, _ columns: [String]) async throws -> [[String: Any]] {
        let text = try await calls.run {
            try await Subprocess.output("/usr/sbin/rabbitmqctl", ["-q", "-n", node, "list_queues", "-p", vhost]
                                        + columns + ["--formatter", "json"])
        }
        guard let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw SubprocessFailure(description: "rabbitmqctl list_queues: not a JSON list: \(text.prefix(200))")
        }
        return rows
    }

    /// Runs rabbitmqctl against `node`, retrying for up to two minutes (the node may be restarting).
    /// - Throws: ``SubprocessFailure`` when it still fails after that.
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
