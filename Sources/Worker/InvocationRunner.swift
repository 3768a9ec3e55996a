import AMQP
import JSONValue
import Logging
import Messages
import MessagesAMQP

/// Runs one delivery: decode, call the handler(s), publish the result(s) (confirmed), then ack.
struct InvocationRunner: Sendable {
    let worker: Worker
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let identity: String
    let metrics: WorkerMetrics
    let logger: Logger

    /// What became of one invocation.
    enum Disposition: Sendable { case answered, requeue, deadLetter }

    /// The invocations a delivery carries: one, or a ``TaskInvocationBundle``'s.
    static func invocations(in delivery: AMQPDelivery) throws(MessageError) -> [TaskInvocationMessage] {
        let wire = WireMessage(delivery)
        if TaskInvocationBundle.isBundle(wire.headers) { return try TaskInvocationBundle.decode(wire) }
        return [try TaskInvocationMessage(decoding: wire)]
    }

    /// Dead-letters a delivery whose invocations cannot be decoded.
    func reject(_ delivery: AMQPDelivery, undecodable error: MessageError) {
        logger.error("rejecting an invocation that cannot be decoded (dead-lettered)", metadata: [
            "worker.queue": .string(delivery.queue), "error": .string(error.description),
        ])
        consumer.reject(delivery, requeue: false)
        metrics.deadLettered(queue: delivery.queue)
    }

    /// Runs every invocation of a delivery (those of a bundle side by side), then acks it. It is
    /// requeued whole when any of them must run again (duplicate results are dropped by key), and
    /// dead-lettered whole when any cannot be answered, so that none is lost.
    func run(_ delivery: AMQPDelivery, _ invocations: [TaskInvocationMessage]) async {
        var dispositions: [Disposition] = []
        if invocations.count == 1 {
            dispositions = [await run(invocations[0], redelivered: delivery.redelivered, batcher: nil)]
        } else {
            let batcher = ResultBatcher(publisher: publisher)
            dispositions = await withTaskGroup(of: Disposition?.self) { group in
                group.addTask {
                    await batcher.run()
                    return nil
                }
                for invocation in invocations {
                    group.addTask { await run(invocation, redelivered: delivery.redelivered, batcher: batcher) }
                }
                var out: [Disposition] = []
                for await disposition in group {
                    guard let disposition else { continue }
                    out.append(disposition)
                    if out.count == invocations.count { batcher.finish() }
                }
                return out
            }
        }
        if dispositions.contains(.requeue) {
            consumer.reject(delivery, requeue: true)
        } else if dispositions.contains(.deadLetter) {
            consumer.reject(delivery, requeue: false)
            metrics.deadLettered(queue: delivery.queue)
        } else {
            consumer.ack(delivery)
        }
    }

    /// Runs one invocation and publishes its result (confirmed), through `batcher` for a bundle's.
    private func run(_ invocation: TaskInvocationMessage, redelivered: Bool, batcher: ResultBatcher?) async -> Disposition {
        let outcome: TaskResultMessage.Outcome
        metrics.started(invocation, redelivered: redelivered)
        let began = ContinuousClock.now
        let span = WorkerTrace.start(invocation, worker: identity)
        var answered: TaskResultMessage.Outcome?
        defer {
            if case .succeeded? = answered { metrics.answered(invocation, succeeded: true, ran: ContinuousClock.now - began) }
            if case .failed? = answered { metrics.answered(invocation, succeeded: false, ran: ContinuousClock.now - began) }
            WorkerTrace.end(span, answered)
        }
        if let handler = worker.handler(for: invocation.target) {
            let context = TaskContext(invocation: invocation, logger: logger, isRedelivery: redelivered) {
                try await publish(TaskResultMessage(answering: invocation, outcome: .heartbeat, worker: identity), to: invocation.replyTo)
            }
            do {
                outcome = .succeeded(output: try await call(handler, invocation.input, context))
            } catch let failure as TaskFailure {
                outcome = .failed(error: failure.error, cause: failure.cause)
            } catch {
                if Task.isCancelled {
                    context.logger.info("handler cancelled; requeueing the invocation")
                    return .requeue
                }
                outcome = .failed(error: String(describing: type(of: error)), cause: String(describing: error))
            }
        } else {
            outcome = .failed(error: WorkerErrors.handlerNotFound,
                              cause: "worker \(identity) has no handler for the \(invocation.target)")
        }

        do {
            let result = TaskResultMessage(answering: invocation, outcome: outcome, worker: identity)
            if let batcher {
                try await batcher.publish(result, to: invocation.replyTo)
            } else {
                try await publish(result, to: invocation.replyTo)
            }
            answered = outcome
            return .answered
        } catch let error as AMQPError where error == .unknownExchange("") {
            TaskContext.logger(logger, for: invocation).error("result exchange is unknown; dead-lettering the invocation",
                                                             metadata: ["error": .string(error.description)])
            return .deadLetter
        } catch {
            TaskContext.logger(logger, for: invocation).error("cannot publish the result; requeueing the invocation",
                                                             metadata: ["error": "\(error)"])
            return .requeue
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
                throw TaskFailure(error: WorkerErrors.timeout,
                                  cause: "the handler ran past TimeoutSeconds (\(seconds) s) and was cancelled")
            }
            return output
        }
    }

    private func publish(_ result: TaskResultMessage, to address: ReplyAddress) async throws {
        try await publisher.publish(AMQPOutgoingMessage(result.encoded(), exchange: address.exchange, routingKey: address.routingKey))
    }
}
