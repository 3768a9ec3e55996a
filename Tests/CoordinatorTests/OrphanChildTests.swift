import AMQP
import Coordinator
import Foundation
import Messages
import MessagesAMQP
import Store
import Testing
import Worker

/// A start request that reaches a coordinator after its parent stopped waiting (the parent
/// stopped, or its Task timed out first): the child is created, then stopped at once, so no
/// `.sync` child outlives the Task that started it.
@Suite(.timeLimit(.minutes(6)))
struct OrphanChildTests {
    static let waiting = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 120, "End": true}}}"#

    /// Publishes a start request as a parent's Task would, but late.
    static func lateStart(_ cluster: Cluster, child: StateMachineRecord, name: String, parent: String, mode: String = "sync") async throws -> String {
        let request = ExecutionStartRequest(stateMachineArn: child.arn, name: name, input: "{}",
                                            parent: .init(executionArn: parent, taskKey: "\(parent)#2#1", mode: mode))
        let publisher = try await AMQPPublisher.connect(to: cluster.url, topology: CoordinatorTopology.standard, name: "test-late-start", logger: Cluster.logger)
        try await publisher.publish(AMQPOutgoingMessage(request.encoded(), exchange: WireNames.exchange, routingKey: WireNames.startQueue))
        await publisher.close()
        return ARNs.executionArn(stateMachineArn: child.arn, name: name)
    }

    static func waitForRecord(_ cluster: Cluster, _ arn: String) async throws -> ExecutionRecord {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let record = try? await cluster.store.getExecution(arn: arn) { return record }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("\(arn) was never created")
    }

    @Test("a .sync child whose parent has already stopped is stopped as soon as it starts")
    func parentAlreadyStopped() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("LateChild", Self.waiting)
            let parentMachine = try await cluster.createMachine("GoneParent", Self.waiting)
            let parent = try await cluster.start(parentMachine)
            try await cluster.stop(parent)
            #expect(try await cluster.waitForEnd(parent).status == .aborted)
            let arn = try await Self.lateStart(cluster, child: child, name: "late-1", parent: parent)
            _ = try await Self.waitForRecord(cluster, arn)
            let ended = try await cluster.waitForEnd(arn, timeout: .seconds(60))
            #expect(ended.status == .aborted)
            #expect(ended.parentArn == parent)
            #expect(try await cluster.store.openExecutionCount(account: Cluster.account) == 0)
        }
    }

    @Test("a .sync child whose running parent no longer waits on that Task is stopped; one it waits on runs on")
    func parentNoLongerWaiting() async throws {
        try await Cluster.with { cluster in
            let child = try await cluster.createMachine("LateChild", Self.waiting)
            // The parent sits in a Wait state: it waits on no Task, so a request naming one of
            // its tasks is a leftover from a Task that already ended.
            let parentMachine = try await cluster.createMachine("BusyParent", Self.waiting)
            let parent = try await cluster.start(parentMachine)
            let arn = try await Self.lateStart(cluster, child: child, name: "late-2", parent: parent)
            _ = try await Self.waitForRecord(cluster, arn)
            #expect(try await cluster.waitForEnd(arn, timeout: .seconds(60)).status == .aborted)
            #expect(try await cluster.store.getExecution(arn: parent).status == .running)
            // Request-response children are not waited on: a late one runs on.
            let free = try await Self.lateStart(cluster, child: child, name: "late-3", parent: parent, mode: "requestResponse")
            let record = try await Self.waitForRecord(cluster, free)
            try await Task.sleep(for: .seconds(2))
            #expect(try await cluster.store.getExecution(arn: record.arn).status == .running)
            try await cluster.stop(free)
            try await cluster.stop(parent)
        }
    }
}
