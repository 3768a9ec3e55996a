import Foundation
import PostgresNIO
public import Store

extension PostgresExecutionStore {
    /// A batch in one statement (`stepwise_commit_batch`, ``PostgresSchema/commitBatchV6``):
    /// each commit applies or is refused on its own, and those that apply become durable together
    /// (one round trip and one WAL flush for the batch).
    ///
    /// The batches of this process's shard processors go together (``GroupCommit``): while one
    /// statement is in flight, the batches that arrive meanwhile are queued and sent as the next
    /// one. Without that, 32 shards would make 32 transactions at once, each waiting its turn to
    /// flush the WAL; their commits touch rows of different shards, so putting them in one
    /// transaction makes no lock wait.
    public func commit(each commits: [ExecutionCommit]) async -> [Result<Int64, StoreError>] {
        guard !commits.isEmpty else { return [] }
        return await self.commits.submit(commits) { batches in
            let outcomes = await self.commitTogether(batches.flatMap { $0 })
            var rest = outcomes[...]
            return batches.map { batch in
                defer { rest = rest.dropFirst(batch.count) }
                return Array(rest.prefix(batch.count))
            }
        }
    }

    /// One statement for all of `commits` (one of them alone: ``commit(_:)``).
    private func commitTogether(_ commits: [ExecutionCommit]) async -> [Result<Int64, StoreError>] {
        guard commits.count > 1 else {
            guard let only = commits.first else { return [] }
            do {
                return [.success(try await commit(only))]
            } catch {
                return [.failure(error as? StoreError ?? StoreError.backend.with(message: "\(error)"))]
            }
        }
        do {
            let rows = try await execute(Prepared<CommitBatch>(Self.batchQuery(commits)))
            guard let row = rows.first else { throw StoreError.backend.with(message: "stepwise_commit_batch returned no row") }
            let (versions, codes) = try row.decode(([Int64], [String]).self)
            guard versions.count == commits.count, codes.count == commits.count else {
                throw StoreError.backend.with(message: "stepwise_commit_batch answered \(versions.count) of \(commits.count) commits")
            }
            return zip(versions, codes).map { version, code in
                code.isEmpty ? .success(version) : .failure(Self.refusal(code))
            }
        } catch {
            let failure = error as? StoreError ?? StoreError.backend.with(message: "\(error)")
            return Array(repeating: .failure(failure), count: commits.count)
        }
    }

    /// The store error a refused commit's SQLSTATE stands for.
    static func refusal(_ code: String) -> StoreError {
        if let error = PostgresSchema.errorCodes[code] { return error.with(message: "refused in a batch (\(code))") }
        if code == "23505" { return StoreError.alreadyExists.with(message: "an event or timer id is already stored") }
        return StoreError.backend.with(message: "a batched commit failed with SQLSTATE \(code)")
    }

    enum CommitBatch: StatementText { static let sql = batchQuery([]).sql }

    /// The call with every commit's columns as arrays (see ``PostgresSchema/commitBatchV6``).
    static func batchQuery(_ commits: [ExecutionCommit]) -> PostgresQuery {
        var absent: [Int32] = []
        var deleteTimerIds: [String] = [], deleteEnds: [Int32] = []
        var resultKeys: [String] = [], keyEnds: [Int32] = []
        var events: [HistoryEvent] = [], eventEnds: [Int32] = []
        var timers: [TimerRecord] = [], timerEnds: [Int32] = []
        var outbox: [OutboxMessage] = [], outboxEnds: [Int32] = []
        for c in commits {
            var bits: Int32 = 0
            if c.output == nil { bits |= 1 }
            if c.error == nil { bits |= 2 }
            if c.cause == nil { bits |= 4 }
            if c.stopDate == nil { bits |= 8 }
            if c.fence == nil { bits |= 16 }
            absent.append(bits)
            deleteTimerIds += c.deleteTimerIds
            deleteEnds.append(Int32(deleteTimerIds.count))
            resultKeys += c.processedResultKeys
            keyEnds.append(Int32(resultKeys.count))
            events += c.events
            eventEnds.append(Int32(events.count))
            timers += c.addTimers
            timerEnds.append(Int32(timers.count))
            outbox += c.outbox
            outboxEnds.append(Int32(outbox.count))
        }
        return """
            SELECT versions, codes FROM stepwise_commit_batch(
                \(commits.map(\.executionArn)), \(commits.map { Int32(ExecutionShards.shard(of: $0.executionArn)) }),
                \(commits.map(\.expectedVersion)),
                \(commits.map { $0.fence?.name ?? "" }), \(commits.map { $0.fence?.fencingToken ?? 0 }),
                \(commits.map(\.date.milliseconds)), \(commits.map(\.status.rawValue)),
                \(commits.map { $0.output ?? "" }), \(commits.map { $0.error ?? "" }), \(commits.map { $0.cause ?? "" }),
                \(commits.map { $0.stopDate?.milliseconds ?? 0 }), \(commits.map(\.snapshot.byteBuffer)), \(absent),
                \(deleteTimerIds), \(deleteEnds), \(resultKeys), \(keyEnds), \(eventEnds), \(timerEnds), \(outboxEnds),
                \(records: events, timers, outbox))
            """
    }
}
