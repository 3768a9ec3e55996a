import AMQP
import Foundation
import Logging
import Messages
import Store
import Synchronization

/// Which shards this coordinator owns, kept by leases in the store.
///
/// Every tick it renews its membership lease (`member.<id>`) and its shard leases, counts the
/// live members, and takes free or expired shards until it holds its fair share
/// (`ceil(shards / members)`), or gives back shards above that share. Taking a shard starts its
/// processor and consumes its queue; losing one (a failed renewal, a fencing conflict) or giving
/// it back stops both and requeues what was not processed. A dead coordinator's shards are free
/// once its leases expire, so the others take over within one TTL plus one tick.
final class ShardLeases: Sendable {
    struct Timing: Sendable {
        /// How long a lease lives without renewal.
        var ttl: Duration = .seconds(6)
        /// How often leases are renewed and shards balanced.
        var tick: Duration = .milliseconds(1500)
    }

    /// An owned shard: its inbox and processor, whose loops run as children of ``run(context:)``'s
    /// task group; `finished` ends when both have returned.
    private struct Slot: Sendable {
        var fence: LeaseFence
        var inbox: ShardInbox
        var processor: ShardProcessor
        var finished: AsyncStream<Void>
    }

    private struct State {
        var slots: [Int: Slot] = [:]
        var lost: Set<Int> = []
        var stopping = false
    }

    let owner: String
    let timing: Timing
    private let state = Mutex(State())
    private let signal = WakeSignal()

    init(owner: String, timing: Timing) {
        self.owner = owner
        self.timing = timing
    }

    /// Whether this coordinator owns the execution's shard.
    func owns(executionArn: String) -> Bool {
        let shard = Shards.shard(of: executionArn)
        return state.withLock { $0.slots[shard] != nil }
    }

    /// The inbox of the execution's shard, if owned.
    func inbox(for executionArn: String) -> ShardInbox? {
        inbox(shard: Shards.shard(of: executionArn))
    }

    /// The inbox of shard `n`, if owned.
    func inbox(shard: Int) -> ShardInbox? {
        state.withLock { $0.slots[shard]?.inbox }
    }

    /// Gives a just-created execution to its shard's processor, if this coordinator owns the shard.
    func adopt(_ live: LiveExecution) async {
        let shard = Shards.shard(of: live.arn)
        guard let processor = state.withLock({ $0.slots[shard]?.processor }) else { return }
        await processor.adopt(live)
    }

    /// The execution as the owning processor holds it in memory, if this coordinator owns its shard.
    func cached(_ arn: String) async -> LiveExecution? {
        let shard = Shards.shard(of: arn)
        guard let processor = state.withLock({ $0.slots[shard]?.processor }) else { return nil }
        return await processor.cached(arn)
    }

    /// The shards owned now.
    var ownedShards: [Int] { state.withLock { $0.slots.keys.sorted() } }

    /// A commit found the shard's lease gone: stop it at the next tick.
    func lost(shard: Int) {
        state.withLock { _ = $0.lost.insert(shard) }
        signal.wake()
    }

    /// Ends ``run(context:)``: every shard finishes the batch in hand and is released.
    func shutdown() {
        state.withLock { $0.stopping = true }
        signal.wake()
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    /// Balances and renews until ``shutdown()`` (or cancellation), then stops every shard and
    /// releases the leases. Each owned shard's loops are children of this task group.
    func run(context: CoordinatorContext) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.signal.tick(every: self.timing.tick) }
            while !stopping, !Task.isCancelled {
                await tick(context, group: &group)
                await signal.wait()
            }
            for shard in ownedShards { await stop(shard, context: context, release: true) }
            group.cancelAll()
        }
        try? await context.store.releaseLease(name: memberLease, owner: owner)
    }

    private var memberLease: String { "member." + owner }

    private func tick(_ context: CoordinatorContext, group: inout DiscardingTaskGroup) async {
        let store = context.store
        let now = Date()
        let members: Int
        do {
            _ = try await store.acquireLease(name: memberLease, owner: owner, ttl: timing.ttl, now: now)
            members = max(1, try await store.liveLeases(prefix: "member.", now: now).count)
        } catch {
            context.logger.notice("shard lease round failed; retrying", metadata: ["error": "\(error)"])
            return
        }
        // Reported on every way out: the shards held, and those taken that another owner held before.
        var takenOver = 0
        defer { context.metrics.shards(owned: ownedShards.count, coordinator: owner, takenOver: takenOver) }
        let share = (Shards.count + members - 1) / members
        // Renew every owned shard in one write. When it fails, what is renewed is unknown: keep
        // the shards (the fence guards every commit anyway) and try again at the next tick.
        let lost = state.withLock { s in defer { s.lost = [] }; return s.lost }
        let owned = ownedShards.filter { !lost.contains($0) }
        var gone = ownedShards.filter { lost.contains($0) }
        if let renewed = try? await store.renewLeases(names: owned.map(Shards.leaseName), owner: owner, ttl: timing.ttl, now: now) {
            let names = Set(renewed.map(\.name))
            gone += owned.filter { !names.contains(Shards.leaseName($0)) }
        }
        for shard in gone {
            context.logger.notice("lost shard lease", metadata: ["shard": "\(shard)"])
            await stop(shard, context: context, release: false)
        }
        var mine = ownedShards
        if mine.count > share {
            for shard in mine.suffix(mine.count - share) { await stop(shard, context: context, release: true) }
            return
        }
        // Take free or expired shards, a batch at a time, up to the fair share.
        var candidates = (0..<Shards.count).filter { !mine.contains($0) }.shuffled()[...]
        while mine.count < share, !candidates.isEmpty {
            let batch = Array(candidates.prefix(share - mine.count))
            candidates = candidates.dropFirst(batch.count)
            let leases = await withTaskGroup(of: Lease?.self) { group in
                for shard in batch {
                    group.addTask {
                        try? await store.acquireLease(name: Shards.leaseName(shard), owner: self.owner, ttl: self.timing.ttl, now: now)
                    }
                }
                var out: [Lease] = []
                for await lease in group { if let lease { out.append(lease) } }
                return out
            }
            for lease in leases {
                guard let shard = Int(lease.name.dropFirst("shard.".count)) else { continue }
                do {
                    try await start(shard, fence: LeaseFence(lease), context: context, group: &group)
                    mine.append(shard)
                    if lease.fencingToken > 1 { takenOver += 1 }
                } catch {
                    try? await store.releaseLease(name: lease.name, owner: owner)
                    context.logger.notice("cannot consume a shard queue; released it", metadata: ["shard": "\(shard)", "error": "\(error)"])
                }
            }
        }
    }

    private func start(_ shard: Int, fence: LeaseFence, context: CoordinatorContext,
                       group: inout DiscardingTaskGroup) async throws {
        let stream = try await context.consumer.consume(queue: Shards.queue(shard))
        let inbox = ShardInbox()
        let processor = ShardProcessor(shard: shard, fence: fence, context: context)
        let (finished, finish) = AsyncStream<Void>.makeStream()
        state.withLock { $0.slots[shard] = Slot(fence: fence, inbox: inbox, processor: processor, finished: finished) }
        group.addTask {
            await withDiscardingTaskGroup { slot in
                slot.addTask { await self.forward(stream, to: inbox, context: context) }
                slot.addTask { await processor.run(inbox) }
            }
            finish.finish()
        }
        context.logger.info("took shard", metadata: ["shard": "\(shard)", "fence": "\(fence.fencingToken)"])
    }

    /// Hands the shard queue's deliveries to the inbox (result bundles to each result's shard);
    /// start requests for the shard's executions are handled beside it, each as a child task.
    private func forward(_ stream: AsyncStream<AMQPDelivery>, to inbox: ShardInbox, context: CoordinatorContext) async {
        let consumer = context.consumer
        await withDiscardingTaskGroup { starts in
            for await delivery in stream {
                if delivery.properties.headers[WireNames.schemaHeader] == .string(ExecutionStartRequest.schema) {
                    starts.addTask { await context.starts.handle(delivery, from: consumer) }
                } else if ResultBundles.isBundle(delivery) {
                    await ResultBundles.route(delivery, inbox: { self.inbox(shard: $0) }, consumer: consumer,
                                              publisher: context.publisher, logger: context.logger)
                } else if !inbox.put(.delivery(delivery)) {
                    consumer.reject(delivery, requeue: true)
                }
            }
        }
    }

    private func stop(_ shard: Int, context: CoordinatorContext, release: Bool) async {
        guard let slot = state.withLock({ $0.slots.removeValue(forKey: shard) }) else { return }
        if !release { await slot.processor.leaseLost() }
        for item in slot.inbox.close() { item.settle(context, requeue: true) }
        context.consumer.cancel(queue: Shards.queue(shard))
        for await _ in slot.finished {}
        if release { try? await context.store.releaseLease(name: Shards.leaseName(shard), owner: owner) }
        context.logger.info("gave up shard", metadata: ["shard": "\(shard)", "released": "\(release)"])
    }
}
