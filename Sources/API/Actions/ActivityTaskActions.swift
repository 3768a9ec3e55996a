import AMQP
import ASL
import Foundation
import Messages
import Worker

/// GetActivityTask: a long poll (up to 60 s) on the activity's queue, so a worker in any language
/// can serve an activity over HTTP beside the AMQP workers. The invocation is taken off the queue
/// when it is handed out; its `taskToken` is the task's key, answered with SendTask*.
enum ActivityTaskActions {
    static let pollSeconds: Double = 60

    static func get(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("activityArn")
        let parsed = try Names.parse(arn, type: "activity")
        guard parsed.account == caller.account, parsed.rest == nil else {
            throw APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
        }
        try await ActivityActions.requireExists(arn, ctx)
        let workerName = try p.optionalString("workerName")
        try p.checkLength("workerName", workerName, 1...80)
        let queue = TaskTarget.queue(kind: .activity, name: parsed.name)
        guard let invocation = try await poll(queue: queue, ctx: ctx) else {
            return .object(JSONObject())
        }
        return .object(JSONObject([("taskToken", .string(invocation.taskToken ?? invocation.key)),
                                   ("input", .string(invocation.input.serialized()))]))
    }

    /// Waits for one invocation on `queue` with a connection of its own (prefetch 1), so nothing
    /// else is held back from the AMQP workers of the same activity.
    private static func poll(queue: String, ctx: APIContext) async throws(APIError) -> TaskInvocationMessage? {
        let consumer: AMQPConsumer
        let stream: AsyncStream<AMQPDelivery>
        do {
            consumer = try await AMQPConsumer.connect(to: ctx.amqpURL, topology: WorkerTopology.consumer(queues: [queue]),
                                                      prefetch: 1, name: "stepwise-api-activity", logger: ctx.logger)
            stream = try await consumer.consume(queue: queue)
        } catch {
            throw .internalFailure("cannot reach the broker: \(error)")
        }
        let delivery: AMQPDelivery? = await withTaskGroup(of: AMQPDelivery?.self) { group in
            group.addTask {
                for await d in stream { return d }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(pollSeconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        defer { Task { await consumer.close() } }
        guard let delivery else { return nil }
        guard let invocation = try? TaskInvocationMessage(decoding: WireMessage(delivery)) else {
            consumer.reject(delivery, requeue: false)
            return nil
        }
        consumer.ack(delivery)
        return invocation
    }
}
