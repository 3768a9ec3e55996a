import AMQP
import Messages
import Store

/// What a shard's processor consumes: deliveries from the shard queue and due timers.
enum ShardInput: Sendable {
    case delivery(AMQPDelivery)
    /// One result of a result bundle (the delivery is settled once all of them are).
    case part(SharedDelivery, TaskResultMessage)
    case timer(TimerRecord)

    /// Settles the input: a delivery or part is acked, or requeued when `requeue` (to be handled
    /// again); a timer is released to the poller either way.
    func settle(_ context: CoordinatorContext, requeue: Bool) {
        switch self {
        case .delivery(let d): if requeue { context.consumer.reject(d, requeue: true) } else { context.consumer.ack(d) }
        case .part(let shared, _): shared.settle(requeue: requeue)
        case .timer(let t): context.timers.done([t.id])
        }
    }

    /// Sends an unreadable delivery to the dead-letter exchange (a part or a timer is never
    /// unreadable: it is settled as done).
    func deadLetter(_ context: CoordinatorContext) {
        if case .delivery(let d) = self { context.consumer.reject(d, requeue: false) } else { settle(context, requeue: false) }
    }
}
