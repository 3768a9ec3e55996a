import AMQP
import Foundation
import Logging
import Store
import Synchronization

/// Starts queued executions (``StateMachineLimits`` with `stepwise:onLimit` set to `queue`) when a
/// slot frees, in queue order.
///
/// It is woken with work: an execution's end committed in this process (the queues of its state
/// machine and of its tree, when their limits queue), a start queued by this process, a change of
/// limits. Every `sweep` it also tries every scope that has a queue, for slots no wake announced: an
/// end committed by a coordinator that crashed before trying, or the account's limit (which any end
/// frees). Starting is the store's atomic ``ExecutionStore/startPending(_:quota:limits:)``, so any
/// number of coordinators may try the same queue.
final class Admissions: Sendable {
    private struct State {
        var scopes = Set<String>()
        /// Ends seen since the last round: state machine ARN and root ARN.
        var ends: [Ended] = []
    }

    struct Ended: Hashable {
        var stateMachineArn: String
        var root: String
    }

    private let state = Mutex(State())
    private let signal = WakeSignal()
    let sweep: Duration

    init(sweep: Duration) {
        self.sweep = sweep
    }

    /// Try these scopes' queues now.
    func wake(scopes: [String]) {
        guard !scopes.isEmpty else { return }
        state.withLock { $0.scopes.formUnion(scopes) }
        signal.wake()
    }

    /// An execution ended in this process (its slots are free).
    func ended(_ arn: String, root: String) {
        state.withLock { $0.ends.append(Ended(stateMachineArn: ARNs.stateMachineArn(ofExecution: arn), root: root)) }
        signal.wake()
    }

    func run(launcher: ExecutionLauncher, store: any ExecutionStore, publisher: AMQPPublisher, quotas: AccountQuotas,
             metrics: CoordinatorMetrics, logger: Logger) async {
        var nextSweep = ContinuousClock.now
        while !Task.isCancelled {
            if ContinuousClock.now < nextSweep { await signal.wait(timeout: nextSweep - ContinuousClock.now) }
            guard !Task.isCancelled else { break }
            let (woken, ends) = state.withLock { s in
                defer { s = State() }
                return (s.scopes, s.ends)
            }
            var scopes = woken
            for end in Set(ends) {
                scopes.formUnion(await launcher.limits.queueingScopes(stateMachineArn: end.stateMachineArn, root: end.root))
            }
            if ContinuousClock.now >= nextSweep {
                nextSweep = ContinuousClock.now + sweep
                scopes.formUnion((try? await store.pendingScopes(limit: 10_000)) ?? [])
            }
            for scope in scopes.sorted() where !Task.isCancelled {
                await admit(scope, launcher: launcher, store: store, publisher: publisher, quotas: quotas, metrics: metrics, logger: logger)
            }
        }
    }

    /// Starts the scope's queued executions, in order, while they fit. One blocked by another of
    /// its scopes (its tree) is passed over: that scope's own end will start it.
    private func admit(_ scope: String, launcher: ExecutionLauncher, store: any ExecutionStore, publisher: AMQPPublisher,
                       quotas: AccountQuotas, metrics: CoordinatorMetrics, logger: Logger) async {
        do {
            while !Task.isCancelled {
                let heads = try await store.pendingStarts(scope: scope, limit: 32)
                var progressed = false
                for pending in heads {
                    let execution = pending.execution
                    let quota = quotas.quota(account: execution.account, nested: execution.parentArn != nil)
                    let (outcome, record) = try await launcher.startPending(pending, quota: quota)
                    switch outcome {
                    case .started:
                        progressed = true
                        metrics.admittedStart()
                        if let record, let parent = record.parentArn, record.status.isTerminal,
                           let detail = ExecutionLauncher.PendingDetail(decoding: pending.detail), detail.mode != "waitForTaskToken",
                           detail.mode != "requestResponse" {
                            // A child that ended as it started: its parent hears it here (as for a start request).
                            try await publisher.publish(StartRequests.answer(parent: parent, taskKey: detail.taskKey, child: record))
                        }
                    case .gone:
                        progressed = true
                    case .blocked(let by):
                        if by == scope || by == "account" { return }
                    case .queued:
                        break
                    }
                }
                if !progressed { return }
            }
        } catch {
            logger.notice("cannot start queued executions; the next sweep tries again",
                          metadata: ["scope": "\(scope)", "error": "\(error)"])
        }
    }
}
