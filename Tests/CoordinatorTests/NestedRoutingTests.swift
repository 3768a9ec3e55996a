import AMQP
@testable import Coordinator
import Foundation
import Messages
import MessagesAMQP
import RabbitMQControl
import Store
import Testing

/// Where a parent's start request for its child travels (real broker, a vhost of its own).
@Suite(.timeLimit(.minutes(6)))
struct NestedRoutingTests {
    @Test("a nested start goes to the child's shard queue, so the child's owner creates it; the shared start queue gets nothing",
          arguments: QueueProfile.bothModes)
    func nestedStartTravelsOnTheChildsShardQueue(queues: QueueProfile) async throws {
        try await Cluster.with(queues: queues) { cluster in
            let child = try await cluster.createMachine("Child", NestedTests.helloWorld)
            let parent = try await cluster.createMachine("Parent", """
                {"StartAt": "Start", "States": {"Start": {"Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "\(child.arn)", "Name": "kid", "Input": {}}, "End": true}}}
                """)
            let childArn = ARNs.executionArn(stateMachineArn: child.arn, name: "kid")
            // Taps: queues bound to the exchange with each routing key the start request could take.
            // The exchange is declared here too (the same as the coordinators declare it), since the
            // coordinators may not have declared it yet.
            let taps = AMQPTopology(
                exchanges: [.init(WireNames.exchange, kind: .direct)],
                queues: [.init("tap.start"), .init("tap.child-shard")],
                bindings: [.init(queue: "tap.start", exchange: WireNames.exchange, routingKey: WireNames.startQueue),
                           .init(queue: "tap.child-shard", exchange: WireNames.exchange, routingKey: Shards.queue(of: childArn))])
            let publisher = try await AMQPPublisher.connect(to: cluster.url, topology: taps, name: "taps", logger: Cluster.logger)
            await publisher.close()

            let arn = try await cluster.start(parent)
            #expect(try await cluster.waitForEnd(arn).status == .succeeded)
            #expect(try await cluster.waitForEnd(childArn).parentArn == arn)

            let counts = try await RabbitMQControl.messageCounts(vhost: cluster.vhost.name, node: cluster.vhost.node)
            #expect(counts["tap.start"] == 0)
            #expect((counts["tap.child-shard"] ?? 0) >= 1)
        }
    }
}
