import Foundation
import PostgresNIO
public import Store

/// A create waiting for the next batch.
struct PendingCreate: Sendable {
    let start: ExecutionStart
    let quota: ExecutionQuota
}

extension PostgresExecutionStore {
    /// Creates join the next batch (``GroupCommit``): under load, the creates of this process go to
    /// the database together, one `stepwise_create_batch` statement (``PostgresSchema/createBatchV6``)
    /// each, so the account's row is locked once per batch rather than once per create.
    public func createExecution(_ start: ExecutionStart, quota: ExecutionQuota) async throws {
        let outcome = await creates.submit(PendingCreate(start: start, quota: quota)) { batch in
            await self.createBatch(batch)
        }
        guard case .failure(let error) = outcome else { return }
        guard error == .alreadyExists else { throw error }
        throw try await alreadyExists(start.execution)
    }

    /// The `alreadyExists` error for a create whose ARN or name is taken, with the stored execution.
    func alreadyExists(_ execution: ExecutionRecord) async throws -> StoreError {
        let existing = try await execute(PostgresQuery(
            unsafeSQL: "SELECT \(Self.executionColumns) FROM executions WHERE arn = $1 OR (state_machine_arn = $2 AND name = $3)",
            binds: binds(execution.arn, execution.stateMachineArn, execution.name)))
        guard let found = existing.first else { return StoreError.alreadyExists }
        return StoreError.executionAlreadyExists(try Self.execution(found))
    }

    /// One statement for the batch, the creates ordered by account (so that concurrent batches lock
    /// account rows in the same order); each create succeeds or fails on its own.
    func createBatch(_ batch: [PendingCreate]) async -> [Result<Void, StoreError>] {
        let order = batch.indices.sorted { batch[$0].start.execution.account < batch[$1].start.execution.account }
        let sorted = order.map { batch[$0] }
        var outcomes = [Result<Void, StoreError>](repeating: .success(()), count: batch.count)
        do {
            let rows = try await execute(Prepared<CreateBatch>(Self.createBatchQuery(sorted)))
            guard let row = rows.first else { throw StoreError.backend.with(message: "stepwise_create_batch returned no row") }
            let codes = try row.decode([String].self)
            guard codes.count == sorted.count else {
                throw StoreError.backend.with(message: "stepwise_create_batch answered \(codes.count) of \(sorted.count) creates")
            }
            for (position, code) in codes.enumerated() where !code.isEmpty {
                outcomes[order[position]] = .failure(code == "SWEXI" ? StoreError.alreadyExists : Self.refusal(code))
            }
        } catch {
            let failure = error as? StoreError ?? StoreError.backend.with(message: "\(error)")
            return Array(repeating: .failure(failure), count: batch.count)
        }
        return outcomes
    }

    enum CreateBatch: StatementText { static let sql = createBatchQuery([]).sql }

    /// The call with every create's columns as arrays (see ``PostgresSchema/createBatchV6``).
    static func createBatchQuery(_ creates: [PendingCreate]) -> PostgresQuery {
        let executions = creates.map(\.start.execution)
        var absent: [Int32] = []
        var events: [HistoryEvent] = [], eventEnds: [Int32] = []
        var timers: [TimerRecord] = [], timerEnds: [Int32] = []
        var outbox: [OutboxMessage] = [], outboxEnds: [Int32] = []
        for create in creates {
            let e = create.start.execution
            var bits: Int32 = 0
            if e.output == nil { bits |= 1 }
            if e.error == nil { bits |= 2 }
            if e.cause == nil { bits |= 4 }
            if e.stopDate == nil { bits |= 8 }
            if e.parentArn == nil { bits |= 16 }
            if create.quota.bucket == nil { bits |= 32 }
            absent.append(bits)
            events += create.start.events
            eventEnds.append(Int32(events.count))
            timers += create.start.timers
            timerEnds.append(Int32(timers.count))
            outbox += create.start.outbox
            outboxEnds.append(Int32(outbox.count))
        }
        return """
            SELECT codes FROM stepwise_create_batch(
                \(executions.map(\.arn)), \(executions.map(\.account)), \(executions.map(\.stateMachineArn)),
                \(executions.map(\.stateMachineRevisionId)), \(executions.map(\.name)), \(executions.map(\.status.rawValue)),
                \(executions.map(\.input)), \(executions.map { $0.output ?? "" }), \(executions.map { $0.error ?? "" }),
                \(executions.map { $0.cause ?? "" }), \(executions.map(\.startDate.milliseconds)),
                \(executions.map { $0.stopDate?.milliseconds ?? 0 }), \(executions.map { $0.parentArn ?? "" }),
                \(executions.map(\.rootArn)), \(executions.map(\.version)), \(executions.map(\.snapshot.byteBuffer)),
                \(executions.map { Int32(ExecutionShards.shard(of: $0.arn)) }),
                \(creates.map { Int64($0.quota.effectiveLimit) }),
                \(creates.map { Double($0.quota.bucket?.capacity ?? 0) }), \(creates.map { $0.quota.bucket?.refillPerSecond ?? 0 }),
                \(absent), \(eventEnds), \(timerEnds), \(outboxEnds),
                \(records: events, timers, outbox))
            """
    }

    /// Gives the timers and outbox rows stored before migration 6 their execution's shard.
    static func fillShards(_ connection: PostgresConnection, logger: Logger) async throws {
        for table in ["timers", "outbox"] {
            let rows = try await connection.rows(
                PostgresQuery(unsafeSQL: "SELECT DISTINCT execution_arn FROM \(table) WHERE shard IS NULL"), logger: logger)
            for row in rows {
                let arn = try row.decode(String.self)
                try await connection.rows(
                    PostgresQuery(unsafeSQL: "UPDATE \(table) SET shard = $1 WHERE execution_arn = $2",
                                  binds: binds(Int32(ExecutionShards.shard(of: arn)), arn)), logger: logger)
            }
        }
    }
}
