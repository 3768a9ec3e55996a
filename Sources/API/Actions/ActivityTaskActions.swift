import AMQP
import ASL
import Foundation
import Messages
import MessagesAMQP

/// GetActivityTask: a long poll (up to 60 s) on the activity's queue, so a worker in any language
/// can serve an activity over HTTP beside the AMQP workers. The invocation is taken off the queue
/// when it is handed out; its `taskToken` is the task's key, answered with SendTask*.
enum ActivityTaskActions {
    static let pollSeconds: Double = 60
}
