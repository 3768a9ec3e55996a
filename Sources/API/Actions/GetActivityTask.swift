import AMQP
import ASL
import Foundation
import JSONValue
import Messages
import MessagesAMQP

extension ActivityTaskActions {
    static func get(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("activityArn")
        let parsed = try NameRules.parse(arn, type: "activity")
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
            consumer = try await AMQPConsumer.connect(to: ctx.amqpURL, topology: WorkerTopology.consumer(queues: [queue], profile: ctx.queues),
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
        guard let delivery else {
            await consumer.close()
            return nil
        }
        let invocation = try? TaskInvocationMessage(decoding: WireMessage(delivery))
        if invocation == nil { consumer.reject(delivery, requeue: false) } else { consumer.ack(delivery) }
        // Closing flushes the ack before the connection goes (the activity's worker answers
        // after this response, by SendTask*).
        await consumer.close()
        return invocation
    }
}
