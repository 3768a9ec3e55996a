import AMQP
import ASL
import Foundation
import Logging
import Messages
import MessagesAMQP
import Store

/// Drives one shard's ``ShardStateMachine`` while its coordinator holds the shard's lease: takes
/// inputs from the inbox in batches, decodes them, and performs the machine's actions (reads,
/// commits, acks, wake-ups), feeding their outcomes back. All decisions are the machine's.
actor ShardProcessor {
    let shard: Int
    let context: CoordinatorContext
    private var machine: ShardStateMachine
    private let logger: Logger
    /// A store that keeps failing is given longer pauses, up to 2 s.
    private var backOff = Backoff(initial: 0.1, maximum: 2)

    init(shard: Int, fence: LeaseFence, context: CoordinatorContext) {
        self.shard = shard
        self.context = context
        self.machine = ShardStateMachine(fence: fence)
        var logger = context.logger
        logger[metadataKey: "shard"] = "\(shard)"
        self.logger = logger
    }

    /// Processes inputs until the inbox closes.
    func run(_ inbox: ShardInbox) async {
        while let batch = await inbox.take(max: 512) {
            await process(batch)
        }
    }

    func process(_ batch: [ShardInput]) async {
        let inputs = batch.indices.map { (token: $0, input: decode(batch[$0])) }
        var actions = machine.receive(inputs, now: Date())
        var failedBackend = false
        while !actions.isEmpty {
            var next: [ShardStateMachine.Action] = []
            for action in actions {
                switch action {
                case .load(let arns):
                    var found: [String: ShardStateMachine.Loaded] = [:]
                    for arn in arns { found[arn] = await load(arn) }
                    next = machine.loaded(found)
                case .commit(let commits):
                    let began = ContinuousClock.now
                    let outcomes = await context.store.commit(each: commits)
                    context.metrics.commitBatch(size: commits.count, duration: ContinuousClock.now - began)
                    for (commit, outcome) in zip(commits, outcomes) {
                        guard case .failure(let error) = outcome, error != StoreError.invalidTransition else { continue }
                        logger.notice("commit refused; requeueing its messages", metadata: [
                            "execution": "\(commit.executionArn)", "error": "\(error)"])
                    }
                    next = machine.committed(outcomes)
                case .settle(let tokens, let how):
                    for token in tokens { settle(batch[token], how) }
                case .backOff:
                    failedBackend = true
                    try? await Task.sleep(for: .seconds(backOff.next()))
                case .wakeRelay:
                    context.relay.wake()
                case .wakeTimers(let due):
                    context.timers.wake(at: due)
                case .leaseLost:
                    context.leases.lost(shard: shard)
                case .ignored(let n):
                    context.metrics.ignored(n)
                case .committed(let c):
                    context.metrics.committed(account: c.account, stateMachineArn: c.stateMachineArn, events: c.events, status: c.status, tally: c.tally)
                    if c.finished {
                        logger.debug("execution ended", metadata: ["execution": "\(c.arn)", "status": "\(c.status.rawValue)"])
                        context.watch.ended(c.arn)
                        context.admissions.ended(c.arn, root: c.root)
                    }
                }
            }
            actions = next
        }
        if !failedBackend { backOff.reset() }
    }

    /// What an input says; a delivery that is neither a result nor a signal is malformed.
    private func decode(_ input: ShardInput) -> ShardStateMachine.Input {
        switch input {
        case .timer(let timer):
            return .timer(timer)
        case .part(_, let result):
            return .result(result)
        case .delivery(let delivery):
            let message = WireMessage(delivery)
            switch message.headers[WireNames.schemaHeader] {
            case TaskResultMessage.schema:
                if let result = try? TaskResultMessage(decoding: message) { return .result(result) }
            case ExecutionSignal.schema:
                if let signal = try? ExecutionSignal(decoding: message) { return .signal(signal) }
            default: break
            }
            logger.warning("dead-lettering a malformed shard message", metadata: [
                "schema": "\(message.headers[WireNames.schemaHeader] ?? "none")", "bytes": "\(delivery.body.count)"])
            return .malformed
        }
    }

    private func settle(_ input: ShardInput, _ how: ShardStateMachine.Settlement) {
        switch how {
        case .ack: input.settle(context, requeue: false)
        case .requeue: input.settle(context, requeue: true)
        case .deadLetter:
            input.deadLetter(context)
            context.metrics.deadLettered()
        }
    }

    /// The stored execution rebuilt by replay.
    private func load(_ arn: String) async -> ShardStateMachine.Loaded {
        do {
            let record = try await context.store.getExecution(arn: arn)
            guard record.status == .running else { return .gone }
            let definition = try await context.definitions.definition(
                stateMachineArn: record.stateMachineArn, revisionId: record.stateMachineRevisionId)
            let live = try ExecutionDriver.replay(record: record, definition: definition)
            context.metrics.replayed()
            return .live(live)
        } catch let error as StoreError where error == StoreError.notFound {
            return .gone
        } catch {
            logger.error("cannot load an execution; its messages wait", metadata: ["execution": "\(arn)", "error": "\(error)"])
            return .unavailable
        }
    }

    /// The shard's lease is gone: drop what is held in memory.
    func leaseLost() { _ = machine.leaseWasLost() }

    /// Caches an execution created in this process, unless a newer state is already cached.
    func adopt(_ live: LiveExecution) { machine.adopt(live) }

    /// The execution as held in memory (its ``LiveExecution/version`` says which commit it reflects).
    func cached(_ arn: String) -> LiveExecution? { machine.cached(arn) }
}
