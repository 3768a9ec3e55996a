public import AMQP

/// How every queue Stepwise declares is made: classic queues on one broker node (the single-node
/// default), or quorum queues replicated across the cluster's nodes (`amqp.queue_type: quorum`).
///
/// Every process that declares a queue (coordinators, API processes, workers) must use the same
/// profile: RabbitMQ refuses a declaration whose arguments differ from the queue's, and a queue's
/// type cannot change in place.
///
/// Quorum queues get the arguments RabbitMQ documents for them:
/// - every queue that dead-letters does so `at-least-once` (`x-dead-letter-strategy`, which
///   needs `x-overflow: reject-publish`): a dead-lettered message leaves its queue only once the
///   dead-letter queue has it;
/// - task queues (functions and activities) have `x-delivery-limit`: an invocation that comes back
///   that many times (a handler that crashes its worker, every time) is dead-lettered instead of
///   looping. Shard and start queues have none: their messages are results and starts that a
///   coordinator's crash returns, and a run of coordinator crashes must not drop them.
public struct QueueProfile: Sendable, Hashable, CustomStringConvertible {
    public var kind: AMQPTopology.Queue.Kind
    /// Deliveries of a task invocation before a quorum task queue dead-letters it.
    public var deliveryLimit: Int

    public init(kind: AMQPTopology.Queue.Kind, deliveryLimit: Int = 20) {
        self.kind = kind
        self.deliveryLimit = deliveryLimit
    }

    public static let classic = QueueProfile(kind: .classic)
    public static let quorum = QueueProfile(kind: .quorum)

    public var description: String { kind.rawValue }

    /// A durable queue of this profile.
    /// - Parameters:
    ///   - deadLetterExchange: Where rejected messages go (none for the dead-letter queue itself).
    ///   - singleActiveConsumer: One consumer at a time (shard queues).
    ///   - taskQueue: A function or activity queue: gets the delivery limit on quorum.
    ///   - arguments: Extra `x-` arguments (tests' `x-expires`, a worker's own).
    public func queue(_ name: String, deadLetterExchange: String?, singleActiveConsumer: Bool = false,
                      taskQueue: Bool = false, arguments: [String: AMQPFieldValue] = [:]) -> AMQPTopology.Queue {
        var args = arguments
        if kind == .quorum {
            if deadLetterExchange != nil {
                args["x-dead-letter-strategy"] = .string("at-least-once")
                args["x-overflow"] = .string("reject-publish")
            }
            if taskQueue { args["x-delivery-limit"] = .int(Int64(deliveryLimit)) }
        }
        return AMQPTopology.Queue(name, kind: kind, deadLetterExchange: deadLetterExchange,
                                  singleActiveConsumer: singleActiveConsumer, arguments: args)
    }
}

extension QueueProfile {
    /// Both queue types, for tests that must hold in either mode.
    public static let bothModes: [QueueProfile] = [.classic, .quorum]
}
