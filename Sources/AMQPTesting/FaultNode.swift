import Foundation
import RabbitMQControl

/// The fault-test broker node (port 5673, TLS on 5674) is shared by several test suites, and
/// some of them stop and start it. Every test that uses it runs its body through
/// ``exclusively(_:)``, so a restart never cuts into another suite's test.
public enum FaultNode {
    private static let gate = AsyncLimiter(limit: 1)

    /// The fault node's name (`STEPWISE_TEST_FAULT_NODE`).
    public static let node = ProcessInfo.processInfo.environment["STEPWISE_TEST_FAULT_NODE"] ?? "stepwise-fault@localhost"

    /// Runs `body` while no other test in this process uses the fault node.
    ///
    /// A body that fails or is cancelled (a time limit) may have left the node stopped between
    /// `stop_app` and `start_app`; the node is started again before the next test gets its turn.
    /// Suites that use the node count the wait for their turn in their time limits.
    public static func exclusively<T>(_ body: () async throws -> T) async throws -> T {
        try await gate.run(body, onError: {
            await Task.detached { try? await TestVhost.rabbitmqctl(node, ["start_app"]) }.value
        })
    }
}
