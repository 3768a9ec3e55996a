import AMQP
import AMQPTesting
import ASL
@testable import Coordinator
import Foundation
import JSONValue
import Messages
import MessagesAMQP
import Testing
import Worker

/// How a coordinator splits a result bundle among shards (real broker, a vhost of its own).
@Suite struct ResultBundleRoutingTests {
    /// An execution ARN in `shard`.
    func arn(in shard: Int, _ tag: String) -> String {
        var n = 0
        while true {
            let arn = "arn:aws:states:us-east-1:123456789012:execution:m:\(tag)-\(n)"
            if Shards.shard(of: arn) == shard { return arn }
            n += 1
        }
    }

    func result(_ key: String, shard: Int) -> TaskResultMessage {
        TaskResultMessage(key: key, executionArn: arn(in: shard, key), stateName: "S", outcome: .succeeded(output: .string(key)), worker: "w")
    }

    @Test func resultsGoToTheirShardsAndTheBundleIsAckedOnceAllAreSettled() async throws {
        let vhost = try await TestVhost.create()
        let url = try AMQPURL(vhost.url)
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard, name: "test-publisher", logger: Cluster.logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: CoordinatorTopology.standard, prefetch: 10, name: "test-consumer",
                                                      logger: Cluster.logger)
        let (mine, theirs) = (4, 9)
        let sent = [result("a", shard: mine), result("b", shard: theirs), result("c", shard: mine)]
        try await publisher.publish(AMQPOutgoingMessage(TaskResultBundle.encoded(sent), exchange: WireNames.exchange,
                                                        routingKey: Shards.queue(mine)))
        let stream = try await consumer.consume(queue: Shards.queue(mine))
        let delivery = try #require(await collect(stream, count: 1).first)
        #expect(ResultBundles.isBundle(delivery))
        let inbox = ShardInbox()
        await ResultBundles.route(delivery, inbox: { $0 == mine ? inbox : nil }, consumer: consumer, publisher: publisher, logger: Cluster.logger)

        // This coordinator's shard gets its two results; the other shard's is passed on to its queue.
        let parts = await inbox.take(max: 10) ?? []
        let keys = parts.compactMap { if case .part(_, let r) = $0 { r.key } else { nil } }
        #expect(keys == ["a", "c"])
        let passed = await collect(try await consumer.consume(queue: Shards.queue(theirs)), count: 2, seconds: 2) { consumer.ack($0) }
        #expect(try passed.map { try TaskResultMessage(decoding: WireMessage($0)) } == [sent[1]])

        // A part that must be handled again requeues the whole bundle, once every part is settled.
        let shares = parts.compactMap { if case .part(let shared, _) = $0 { shared } else { nil } }
        try #require(shares.count == 2)
        shares[0].settle(requeue: true)
        shares[1].settle(requeue: false)
        let again = try #require(await collect(stream, count: 1).first)
        #expect(again.redelivered && again.body == delivery.body)

        // Every part done: the bundle is acked, and nothing is left on the queue.
        await ResultBundles.route(again, inbox: { _ in inbox }, consumer: consumer, publisher: publisher, logger: Cluster.logger)
        let all = await inbox.take(max: 10) ?? []
        #expect(all.count == 3)
        for case .part(let shared, _) in all { shared.settle(requeue: false) }
        await consumer.close()
        let check = try await AMQPConsumer.connect(to: url, topology: CoordinatorTopology.standard, prefetch: 10, name: "test-check",
                                                   logger: Cluster.logger)
        let left = await collect(try await check.consume(queue: Shards.queue(mine)), count: 1, seconds: 1)
        #expect(left.isEmpty)
        await check.close()
        await publisher.close()
        await TestVhost.delete(vhost.name)
    }

    /// A result bundle that cannot be decoded goes to the dead-letter exchange, not back to the queue.
    @Test func aMalformedResultBundleIsDeadLettered() async throws {
        let vhost = try await TestVhost.create()
        let url = try AMQPURL(vhost.url)
        var topology = CoordinatorTopology.standard
        topology.queues.append(AMQPTopology.Queue("dead"))
        topology.bindings.append(.init(queue: "dead", exchange: WireNames.deadLetterExchange, routingKey: ""))
        let publisher = try await AMQPPublisher.connect(to: url, topology: topology, name: "test-publisher", logger: Cluster.logger)
        let consumer = try await AMQPConsumer.connect(to: url, topology: topology, prefetch: 10, name: "test-consumer", logger: Cluster.logger)
        var bad = TaskResultBundle.encoded([result("a", shard: 2)])
        bad.body = Array(#"{"results": [{"key": "a"}]}"#.utf8)
        try await publisher.publish(AMQPOutgoingMessage(bad, exchange: WireNames.exchange, routingKey: Shards.queue(2)))
        let delivery = try #require(await collect(try await consumer.consume(queue: Shards.queue(2)), count: 1).first)
        let inbox = ShardInbox()
        await ResultBundles.route(delivery, inbox: { _ in inbox }, consumer: consumer, publisher: publisher, logger: Cluster.logger)
        let dead = await collect(try await consumer.consume(queue: "dead"), count: 1) { consumer.ack($0) }
        #expect(dead.map(\.body) == [bad.body])
        _ = inbox.close()
        let left = await collect(try await consumer.consume(queue: Shards.queue(2)), count: 1, seconds: 1)
        #expect(left.isEmpty)
        await consumer.close()
        await publisher.close()
        await TestVhost.delete(vhost.name)
    }
}
