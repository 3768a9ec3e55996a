import AMQP
import AMQPTesting
import Coordinator
import Foundation
import Messages
import MessagesAMQP
import RabbitMQControl
import Store
import Testing

/// Quorum mode declares replicated queues; a vhost whose queues have the other type gets a clear
/// error that names the queue and what to do, not a process that restarts for ever.
@Suite(.timeLimit(.minutes(6)))
struct QueueTypeTests {
    @Test("in quorum mode every Stepwise queue is a quorum queue with RabbitMQ's dead-lettering and delivery-limit arguments")
    func quorumQueues() async throws {
        try await Cluster.with(queues: .quorum) { cluster in
            let machine = try await cluster.createMachine("one", """
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}
            """)
            let arn = try await cluster.start(machine, input: #"{"n": 1}"#)
            #expect(try await cluster.waitForEnd(arn).status == .succeeded)
            // The same queues declared as quorum, with the same arguments, are accepted...
            let task = WorkerTopology.consumer(queues: ["\(WireNames.functionQueuePrefix)echo"], profile: .quorum)
            var same = CoordinatorTopology.standard(.quorum)
            same.merge(task)
            let accepted = try await AMQPPublisher.connect(to: cluster.url, topology: same, name: "test-same", logger: Cluster.logger)
            await accepted.close()
            // ...and as classic they are refused, with the queue named: so they are quorum queues.
            for topology in [CoordinatorTopology.standard(.classic), WorkerTopology.consumer(queues: ["\(WireNames.functionQueuePrefix)echo"])] {
                do {
                    let p = try await AMQPPublisher.connect(to: cluster.url, topology: topology, name: "test-classic", logger: Cluster.logger)
                    await p.close()
                    Issue.record("a classic declaration of \(topology.queues[0].name) was accepted")
                } catch let error as AMQPError {
                    #expect(error == .queueMismatch(""))
                    #expect(error.message.contains("queue '\(topology.queues[0].name)'"))
                }
            }
            // rabbitmqctl shows every queue as quorum, with the documented arguments.
            let queues = try await TestVhost.queues(cluster.vhost.name, node: cluster.vhost.node)
            let expected = Set(CoordinatorTopology.standard(.quorum).queues.map(\.name) + [WireNames.resultQueue, "\(WireNames.functionQueuePrefix)echo"])
            #expect(expected.isSubset(of: Set(queues.map(\.name))), "\(queues.map(\.name))")
            for q in queues {
                #expect(q.type == "quorum", "\(q.name)")
                #expect(q.arguments["x-queue-type"] == "quorum", "\(q.name)")
                if q.name == "stepwise.dead-letters" {
                    #expect(q.arguments["x-dead-letter-exchange"] == nil)
                } else {
                    #expect(q.arguments["x-dead-letter-exchange"] == WireNames.deadLetterExchange, "\(q.name)")
                    #expect(q.arguments["x-dead-letter-strategy"] == "at-least-once", "\(q.name)")
                    #expect(q.arguments["x-overflow"] == "reject-publish", "\(q.name)")
                }
                let isTaskQueue = q.name.hasPrefix(WireNames.functionQueuePrefix) || q.name.hasPrefix(WireNames.activityQueuePrefix)
                #expect(q.arguments["x-delivery-limit"] == (isTaskQueue ? "20" : nil), "\(q.name)")
                #expect((q.arguments["x-single-active-consumer"] != nil) == q.name.hasPrefix(WireNames.shardQueuePrefix), "\(q.name)")
            }
        }
    }

    @Test("a coordinator set to quorum on a vhost with classic queues exits 78 naming the queue and the fix")
    func mismatchExitsWithAClearError() async throws {
        try await Cluster.with(coordinators: 0, workers: 0, queues: .classic) { cluster in
            let classic = try await AMQPPublisher.connect(to: cluster.url, topology: CoordinatorTopology.standard(.classic),
                                                          name: "test-classic", logger: Cluster.logger)
            await classic.close()
            let process = try StepwiseProcess(["coordinator"], cluster: cluster, extra: ["STEPWISE_AMQP_QUEUE_TYPE": "quorum"])
            defer { process.stop() }
            let deadline = ContinuousClock.now + .seconds(60)
            while process.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!process.process.isRunning)
            #expect(process.process.terminationStatus == 78)
            let log = process.log
            #expect(log.contains("queue 'stepwise.executions.start' already exists"), "\(log)")
            #expect(log.contains("amqp.queue_type"))
            #expect(log.contains("delete_queue"))
        }
    }
}
