import AMQP
import Coordinator
import Foundation
import Logging
import Messages
import Store
import MessagesAMQP

/// What the actions share: the store, the coordinator's launcher, the broker for signals.
struct APIContext: Sendable {
    let store: any ExecutionStore
    let launcher: ExecutionLauncher
    let publisher: AMQPPublisher
    let amqpURL: AMQPURL
    let queues: QueueProfile
    let region: String
    let quotas: AccountQuotas
    let logger: Logger
    /// Counters for `GET /metrics` (swift-metrics into swift-prometheus).
    let metrics: APIMetrics
    /// Recently read state machines, for StartExecution.
    let machines = StateMachineCache()

    /// Sends a signal to the shard that owns the execution (confirmed by the broker).
    func signal(_ signal: ExecutionSignal) async throws(APIError) {
        do {
            try await publisher.publish(AMQPOutgoingMessage(signal.encoded(), exchange: WireNames.exchange,
                                                            routingKey: Shards.queue(of: signal.executionArn)))
        } catch {
            throw .internalFailure("cannot reach the broker: \(error)")
        }
    }

    /// Reads a record, answering `missing` when the store has none.
    func fetch<T>(_ missing: APIError, _ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch let error as StoreError where error == .notFound {
            throw missing
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
    }

    /// Runs a store call, mapping unexpected failures to InternalFailure.
    func store<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch let error as APIError {
            throw error
        } catch {
            logger.error("store call failed", metadata: ["error": "\(error)"])
            throw .internalFailure("the store failed: \(error)")
        }
    }
}

/// The caller of one request.
struct Caller: Sendable {
    let account: String
    /// The request's W3C `traceparent` header, which StartExecution continues.
    var traceparent: String? = nil
}
