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
        // When each queue last had a start (a count, not a time).
        var served: [String: Int] = [:]
        var round = 0
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
            // Fair across state machines: one start per queue in turn, the queue served least
            // recently first, until each queue is empty or blocked.
            var turn = scopes.sorted { (served[$0] ?? -1, $0) < (served[$1] ?? -1, $1) }
            while !turn.isEmpty && !Task.isCancelled {
                var next: [String] = []
                for scope in turn {
                    if await admitNext(scope, launcher: launcher, store: store, publisher: publisher, quotas: quotas,
                                       metrics: metrics, logger: logger) {
                        served[scope] = round
                        round += 1
                        next.append(scope)
                    }
                }
                turn = next
            }
            if served.count > 10_000 { served.removeAll() }
        }
    }

    /// Starts the first of the scope's queued executions that fits; `true` when one started or left
    /// the queue otherwise (the queue may have more). One blocked by the scope itself or the account ends the try (first
    /// come, first served); one blocked by its other scope (its tree) is passed over: that scope's
    /// own end will start it.
    private func admitNext(_ scope: String, launcher: ExecutionLauncher, store: any ExecutionStore, publisher: AMQPPublisher,
                           quotas: AccountQuotas, metrics: CoordinatorMetrics, logger: Logger) async -> Bool {
        var left = false
        do {
            for pending in try await store.pendingStarts(scope: scope, limit: 16) {
                let execution = pending.execution
                let quota = quotas.quota(account: execution.account, nested: execution.parentArn != nil)
                let (outcome, record) = try await launcher.startPending(pending, quota: quota)
                switch outcome {
                case .started:
                    metrics.admittedStart()
                    if let record, let parent = record.parentArn, record.status.isTerminal,
                       let detail = ExecutionLauncher.PendingDetail(decoding: pending.detail),
                       detail.mode == "sync" || detail.mode == "sync2" {
                        // A child that ended as it started: its parent hears it here (as for a start request).
                        try await publisher.publish(StartRequests.answer(parent: parent, taskKey: detail.taskKey, child: record))
                    }
                    return true
                case .blocked(let by) where by == scope || by == "account":
                    return false
                case .gone:
                    left = true
                case .blocked, .queued:
                    continue
                }
            }
        } catch {
            logger.notice("cannot start queued executions; the next sweep tries again",
                          metadata: ["scope": "\(scope)", "error": "\(error)"])
            return false
        }
        return left
    }
}
