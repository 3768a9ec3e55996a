import AMQP
import ASL
import Foundation
import Logging
import Messages
import Store
import MessagesAMQP

/// Turns start requests (``ExecutionStartRequest``) into executions. A request arrives on the
/// shard queue of the execution it creates (nested starts are sent there, so the coordinator that
/// will run the child creates it and keeps it in its cache), or on the start queue that every
/// coordinator consumes (for other senders). A request is acked only after its execution exists, so
/// a crash redelivers it, and the name makes the repeat harmless. A nested start answers its parent's task with a
/// signal: at once for request-response (and for a child that ended at its start), or with the
/// error AWS would raise (`StepFunctions.ExecutionLimitExceeded`, ...) when it cannot start.
struct StartRequests: Sendable {
    let launcher: ExecutionLauncher
    let store: any ExecutionStore
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let quotas: AccountQuotas
    let metrics: CoordinatorMetrics
    let logger: Logger

    /// Starts what `delivery` asks for and acks it on `source` (the start consumer by default).
    func handle(_ delivery: AMQPDelivery, from source: AMQPConsumer? = nil) async {
        let consumer = source ?? self.consumer
        let request: ExecutionStartRequest
        do {
            request = try ExecutionStartRequest(decoding: WireMessage(delivery))
        } catch {
            logger.warning("dead-lettering a malformed start request", metadata: ["error": "\(error)"])
            consumer.reject(delivery, requeue: false)
            return
        }
        do {
            var child: ExecutionRecord?
            let answer = try await start(request, created: &child)
            if let answer { try await publisher.publish(answer) }
            if let child, let orphan = try await orphanStop(request, child: child) { try await publisher.publish(orphan) }
            consumer.ack(delivery)
        } catch {
            logger.notice("start request failed; requeueing it", metadata: ["name": "\(request.name)", "error": "\(error)"])
            try? await Task.sleep(for: .milliseconds(200))
            consumer.reject(delivery, requeue: true)
        }
    }

    /// Creates the execution (`created`: it, or the same one created before); returns the signal
    /// for the parent, if one is due now.
    private func start(_ request: ExecutionStartRequest, created: inout ExecutionRecord?) async throws -> AMQPOutgoingMessage? {
        let parent = request.parent
        let record: ExecutionRecord
        do {
            let machine = try await store.getStateMachine(arn: request.stateMachineArn)
            var link: ExecutionLauncher.ExecutionParent? = nil
            var depth = 0
            if let parent {
                let parentRecord = try? await store.getExecution(arn: parent.executionArn)
                let root = parentRecord?.rootArn ?? parent.executionArn
                link = .init(arn: parent.executionArn, root: root, taskKey: parent.taskKey, mode: parent.mode)
                depth = await self.depth(below: parentRecord, cap: quotas.limits(machine.account).nestedReserve)
            }
            record = try await launcher.start(stateMachine: machine, name: request.name, input: request.input, parent: link,
                                              quota: quotas.quota(account: machine.account, depth: depth), traceparent: request.traceparent)
            metrics.launched()
        } catch let error as StoreError where error == StoreError.alreadyExists {
            guard let existing = error.existingExecution, existing.input == request.input,
                  existing.parentArn == parent?.executionArn else {
                return refusal(parent, "StepFunctions.ExecutionAlreadyExistsException",
                               "Execution Already Exists: '\(ARNs.executionArn(stateMachineArn: request.stateMachineArn, name: request.name))'")
            }
            record = existing
        } catch let error as StoreError where error == StoreError.notFound {
            return refusal(parent, "StepFunctions.StateMachineDoesNotExistException",
                           "State Machine Does Not Exist: '\(request.stateMachineArn)'")
        } catch let error as StoreError where error == StoreError.limitExceeded {
            metrics.nestedStartRefused(account: ARNs.account(of: request.stateMachineArn), error: "ExecutionLimitExceeded")
            return refusal(parent, "StepFunctions.ExecutionLimitExceeded",
                           "The maximum number of running executions has been reached. Running execution count: "
                           + "\(error.message). Wait for running executions to complete, then try again.")
        } catch let error as ExecutionLauncher.LaunchError {
            switch error {
            case .invalidInput(let m): return refusal(parent, "StepFunctions.InvalidExecutionInputException", m)
            case .stateMachineDeleting(let arn): return refusal(parent, "StepFunctions.StateMachineDeletingException", "State Machine Is Being Deleted: '\(arn)'")
            case .invalidDefinition(let m): return refusal(parent, "StepFunctions.InvalidDefinitionException", m)
            }
        }
        created = record
        guard let parent else { return nil }
        let answersNow = parent.mode == "requestResponse" || (record.status.isTerminal && parent.mode != "waitForTaskToken")
        guard answersNow else { return nil }
        return Self.answer(parent: parent.executionArn, taskKey: parent.taskKey, child: record)
    }

    /// The signal that tells a parent's task about its child (started, or already ended).
    static func answer(parent: String, taskKey: String, child record: ExecutionRecord) -> AMQPOutgoingMessage {
        let signal = ExecutionSignal(executionArn: parent, kind: .child, taskKey: taskKey, child: .init(
            executionArn: record.arn, status: record.status.rawValue, output: record.output, error: record.error,
            cause: record.cause, startMilliseconds: record.startDate.milliseconds, stopMilliseconds: record.stopDate?.milliseconds))
        return AMQPOutgoingMessage(signal.encoded(), exchange: WireNames.exchange, routingKey: Shards.queue(of: parent))
    }

    /// The depth of a child of `parent`: 1 plus the parent's ancestors, counted up to `cap` (the
    /// reserve grades no deeper).
    private func depth(below parent: ExecutionRecord?, cap: Int) async -> Int {
        var depth = 1
        var current = parent
        while depth < cap, let up = current?.parentArn {
            depth += 1
            current = try? await store.getExecution(arn: up)
        }
        return depth
    }

    /// A stop for a child whose parent no longer waits for it.
    ///
    /// A parent that stops, or whose Task times out, stops the child it waits on; but when that
    /// happens before the child exists, the stop finds nothing. So once the child exists, the
    /// parent is read again: if it has ended, or its Task no longer waits (in the owner's cache
    /// when this coordinator owns the parent at the stored version, else by replay), the child is
    /// stopped here. Any later end of the parent's Task sends its own stop, which now finds the
    /// child.
    private func orphanStop(_ request: ExecutionStartRequest, child: ExecutionRecord) async throws -> AMQPOutgoingMessage? {
        guard let parent = request.parent, parent.mode != "requestResponse",
              child.status == .running, child.parentArn == parent.executionArn else { return nil }
        let childArn = child.arn
        let record: ExecutionRecord
        do {
            record = try await store.getExecution(arn: parent.executionArn)
        } catch let error as StoreError where error == StoreError.notFound {
            return stop(childArn)
        }
        guard try await !launcher.waits(record, onTask: parent.taskKey) else { return nil }
        logger.info("stopping a child whose parent no longer waits for it", metadata: ["execution": "\(childArn)"])
        return stop(childArn)
    }

    private func stop(_ child: String) -> AMQPOutgoingMessage {
        let signal = ExecutionSignal(executionArn: child, kind: .stop, cause: "The parent execution stopped waiting for it.")
        return AMQPOutgoingMessage(signal.encoded(), exchange: WireNames.exchange, routingKey: Shards.queue(of: child))
    }

    private func refusal(_ parent: ExecutionStartRequest.Parent?, _ error: String, _ cause: String) -> AMQPOutgoingMessage? {
        logger.info("start refused", metadata: ["error": "\(error)", "cause": "\(cause)"])
        guard let parent else { return nil }
        let signal = ExecutionSignal(executionArn: parent.executionArn, kind: .childFailedToStart, taskKey: parent.taskKey,
                                     error: error, cause: cause)
        return AMQPOutgoingMessage(signal.encoded(), exchange: WireNames.exchange, routingKey: Shards.queue(of: parent.executionArn))
    }
}
