import AMQP
import ASL
import Logging
import Messages

/// Runs one delivery: decode, call the handler, publish the result (confirmed), then ack.
struct InvocationRunner: Sendable {
    let worker: Worker
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let identity: String
    let logger: Logger

    func run(_ delivery: AMQPDelivery) async {
        let invocation: TaskInvocationMessage
        do {
            invocation = try TaskInvocationMessage(decoding: WireMessage(delivery))
        } catch {
            logger.error("rejecting an invocation that cannot be decoded (dead-lettered)", metadata: [
                "worker.queue": .string(delivery.queue), "error": .string(error.description),
            ])
            consumer.reject(delivery, requeue: false)
            return
        }
        let outcome: TaskResultMessage.Outcome
        if let handler = worker.handler(for: invocation.target) {
            let context = TaskContext(invocation: invocation, logger: self.logger, isRedelivery: delivery.redelivered) {
                try await publish(TaskResultMessage(answering: invocation, outcome: .heartbeat, worker: identity), to: invocation.replyTo)
            }
            do {
                outcome = .succeeded(output: try await call(handler, invocation.input, context))
            } catch let failure as TaskFailure {
                outcome = .failed(error: failure.error, cause: failure.cause)
            } catch {
                if Task.isCancelled {
                    context.logger.info("handler cancelled; requeueing the invocation")
                    consumer.reject(delivery, requeue: true)
                    return
                }
                outcome = .failed(error: String(describing: type(of: error)), cause: String(describing: error))
            }
        } else {
            outcome = .failed(error: TaskErrorNames.handlerNotFound,
                              cause: "worker \(identity) has no handler for the \(invocation.target)")
        }

        do {
            try await publish(TaskResultMessage(answering: invocation, outcome: outcome, worker: identity), to: invocation.replyTo)
            consumer.ack(delivery)
        } catch let error as AMQPError where error == .unknownExchange("") {
            TaskContext.logger(logger, for: invocation).error("result exchange is unknown; dead-lettering the invocation", metadata: ["error": .string(error.description)])
            consumer.reject(delivery, requeue: false)
        } catch {
            TaskContext.logger(logger, for: invocation).error("cannot publish the result; requeueing the invocation", metadata: ["error": "\(error)"])
            consumer.reject(delivery, requeue: true)
        }
    }

    /// Runs the handler, cancelling it once the invocation's `TimeoutSeconds` have passed.
    private func call(_ handler: @escaping Worker.Handler, _ input: JSON, _ context: TaskContext) async throws -> JSON {
        guard let seconds = context.timeoutSeconds, seconds > 0 else { return try await handler(input, context) }
        return try await withThrowingTaskGroup(of: JSON?.self) { group in
            group.addTask { try await handler(input, context) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let output = try await group.next() ?? nil else {
                throw TaskFailure(error: TaskErrorNames.timeout,
                                  cause: "the handler ran past TimeoutSeconds (\(seconds) s) and was cancelled")
            }
            return output
        }
    }

    private func publish(_ result: TaskResultMessage, to address: ReplyAddress) async throws {
        try await publisher.publish(AMQPOutgoingMessage(result.encoded(), exchange: address.exchange, routingKey: address.routingKey))
    }
}
