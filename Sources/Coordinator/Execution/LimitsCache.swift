import Foundation
import Store
import Synchronization

/// State machine limits (``StateMachineLimits``, read from tags) kept for ``lifetime``, so a start
/// or an execution's end reads no tags most of the time. A change made in this process shows at
/// once (``forget(_:)``); one made in another process within ``lifetime``.
public final class LimitsCache: Sendable {
    private struct Entry {
        var limits: StateMachineLimits
        var expires: ContinuousClock.Instant
    }

    private let store: any ExecutionStore
    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(store: any ExecutionStore, lifetime: Duration = .seconds(1)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The limits of state machine `arn` (none when its tags cannot be read or are invalid).
    public func limits(of arn: String) async -> StateMachineLimits {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[arn] }), entry.expires > now { return entry.limits }
        let tags = (try? await store.tags(resourceArn: arn)) ?? []
        let limits = (try? StateMachineLimits(tags: tags)) ?? .none
        entries.withLock { all in
            if all.count >= 4096 { all.removeAll(keepingCapacity: true) }
            all[arn] = Entry(limits: limits, expires: now + lifetime)
        }
        return limits
    }

    /// Forgets `arn` (this process changed its tags).
    public func forget(_ arn: String) {
        _ = entries.withLock { $0.removeValue(forKey: arn) }
    }

    /// The store limits of an execution of `stateMachineArn` in the tree rooted at `root` (the
    /// execution itself for a root): its machine's limit, and the tree limit of the root's machine.
    func executionLimits(stateMachineArn: String, root: String) async -> ExecutionLimits {
        var scopes: [ExecutionLimits.Scope] = []
        let own = await limits(of: stateMachineArn)
        if let max = own.maxOpen {
            scopes.append(.init(name: ExecutionLimits.stateMachineScope(stateMachineArn), maxOpen: max, queues: own.queues))
        }
        let rootMachine = ARNs.stateMachineArn(ofExecution: root)
        let tree = rootMachine == stateMachineArn ? own : await limits(of: rootMachine)
        if let max = tree.maxOpenPerTree {
            scopes.append(.init(name: ExecutionLimits.treeScope(root: root), maxOpen: max, queues: tree.queues))
        }
        return ExecutionLimits(scopes: scopes)
    }

    /// The scopes an ended execution may have freed a slot in that have a queue.
    func queueingScopes(stateMachineArn: String, root: String) async -> [String] {
        await executionLimits(stateMachineArn: stateMachineArn, root: root).scopes.filter(\.queues).map(\.name)
    }
}
