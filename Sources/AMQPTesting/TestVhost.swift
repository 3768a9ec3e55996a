import Foundation
public import RabbitMQControl

/// A broker virtual host of its own per test, so that coordinators of tests running side by side
/// never see each other's shard queues (the queue names are fixed by the wire contract).
public enum TestVhost {
    public static let baseURL = ProcessInfo.processInfo.environment["STEPWISE_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"
    public static let node = ProcessInfo.processInfo.environment["STEPWISE_TEST_NODE"] ?? "rabbit@localhost"

    /// Creates a vhost on `node` and returns the URL of `base` pointing at it.
    public static func create(base: String = baseURL, node: String = node) async throws -> (name: String, url: String) {
        try await RabbitMQControl.createVhost(base: base, node: node)
    }

    public static func delete(_ name: String, node: String = node) async {
        await RabbitMQControl.deleteVhost(name, node: node)
    }

    /// The queues of `vhost`, with their type and arguments.
    public static func queues(_ vhost: String, node: String = node) async throws -> [RabbitMQControl.QueueInfo] {
        try await RabbitMQControl.queues(vhost: vhost, node: node)
    }

    /// Runs rabbitmqctl against `node`, retrying for up to two minutes (a fault test may be
    /// restarting the node).
    public static func rabbitmqctl(_ node: String, _ arguments: [String]) async throws {
        try await RabbitMQControl.rabbitmqctl(node, arguments)
    }
}
