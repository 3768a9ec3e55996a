import Foundation
import Store
import Testing

@Suite("Commit")
struct CommitTests {
    @Test("a commit applies every part and bumps the version", arguments: Backend.allCases)
    func appliesEverything(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            let wait = fixture.timer("wait", execution: execution, due: 60)
            let timeout = fixture.timer("timeout", execution: execution, due: 3600)
            try await store.createExecution(fixture.start(execution, timers: [wait, timeout]), quota: .unlimited)

            let retry = fixture.timer("retry", execution: execution, due: 90)
            // A timer deleted and added again in the same commit is re-armed.
            var laterTimeout = timeout
            laterTimeout.dueDate = fixture.date(7200)
            let message = fixture.message("task.b", execution: execution)
            let version = try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 1, date: fixture.date(61), snapshot: Array("snapshot-1".utf8),
                events: fixture.events(2...3), addTimers: [retry, laterTimeout], deleteTimerIds: [wait.id, timeout.id],
                outbox: [message], processedResultKeys: ["result-1"]))
            #expect(version == 2)

            var stored = try await store.getExecution(arn: execution.arn)
            #expect(stored.version == 2)
            #expect(stored.status == .running)
            #expect(stored.snapshot == Array("snapshot-1".utf8))
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).map(\.id) == [1, 2, 3])
            #expect(try await store.timers(executionArn: execution.arn) == [retry, laterTimeout])
            #expect(try await store.pendingOutbox(limit: 10).map(\.message) == [message])
            #expect(try await store.isResultProcessed(executionArn: execution.arn, key: "result-1"))
            #expect(try await !store.isResultProcessed(executionArn: execution.arn, key: "result-2"))
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)

            try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 2, date: fixture.date(100), status: .failed,
                error: "States.TaskFailed", cause: "boom", stopDate: fixture.date(100), events: fixture.events(4...4),
                deleteTimerIds: [retry.id, timeout.id]))
            stored = try await store.getExecution(arn: execution.arn)
            #expect(stored.status == .failed)
            #expect(stored.error == "States.TaskFailed")
            #expect(stored.cause == "boom")
            #expect(stored.stopDate == fixture.date(100))
            #expect(stored.version == 3)
            #expect(try await store.timers(executionArn: execution.arn).isEmpty)
            #expect(try await store.openExecutionCount(account: fixture.account) == 0)
        }
    }

    @Test("commits made together: each applies or fails on its own, outcomes in order", arguments: Backend.allCases)
    func commitEach(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let executions = ["a", "b", "c", "d"].map { fixture.execution($0) }
            for execution in executions { try await store.createExecution(fixture.start(execution), quota: .unlimited) }
            func commit(_ execution: ExecutionRecord, version: Int64, events: ClosedRange<Int64>) -> ExecutionCommit {
                ExecutionCommit(executionArn: execution.arn, expectedVersion: version, date: fixture.date(1),
                                snapshot: Array("next".utf8), events: fixture.events(events),
                                outbox: [fixture.message("task", execution: execution)], processedResultKeys: ["r"])
            }
            let outcomes = await store.commit(each: [
                commit(executions[0], version: 1, events: 2...3),
                commit(executions[1], version: 5, events: 2...3),  // a stale version
                commit(executions[2], version: 1, events: 1...2),  // an event id the history has
                fixture.stop(executions[3], version: 1, status: .failed),
            ])
            #expect(outcomes.map { try? $0.get() } == [2, nil, nil, 2])
            #expect(outcomes.map { if case .failure(let e) = $0 { e } else { nil } }
                == [nil, StoreError.versionConflict, StoreError.alreadyExists, nil])
            #expect(try await store.getExecution(arn: executions[0].arn).snapshot == Array("next".utf8))
            #expect(try await store.history(HistoryQuery(executionArn: executions[0].arn)).map(\.id) == [1, 2, 3])
            for failed in executions[1...2] {
                #expect(try await store.getExecution(arn: failed.arn).version == 1)
                #expect(try await !store.isResultProcessed(executionArn: failed.arn, key: "r"))
            }
            #expect(try await store.getExecution(arn: executions[3].arn).status == .failed)
            #expect(try await store.pendingOutbox(limit: 10).map(\.message.executionArn) == [executions[0].arn])
            #expect(try await store.openExecutionCount(account: fixture.account) == 3)
            #expect(await store.commit(each: []).isEmpty)
        }
    }

    @Test("a batch under a lease another owner took commits nothing; the new owner's batch applies", arguments: Backend.allCases)
    func fencedBatch(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let executions = ["a", "b", "c"].map { fixture.execution($0) }
            for execution in executions { try await store.createExecution(fixture.start(execution), quota: .unlimited) }
            let name = "shard.fenced-\(fixture.account)"
            let old = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(0)))
            let new = try #require(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(11)))
            func batch(_ fence: Lease) -> [ExecutionCommit] {
                executions.map { execution in
                    ExecutionCommit(executionArn: execution.arn, expectedVersion: 1, fence: LeaseFence(fence), date: fixture.date(12),
                                    snapshot: Array("next".utf8), events: fixture.events(2...3),
                                    outbox: [fixture.message("task", execution: execution)], processedResultKeys: ["r"])
                }
            }
            let stale = await store.commit(each: batch(old))
            let refusals: [StoreError?] = stale.map { if case .failure(let e) = $0 { e } else { nil } }
            #expect(refusals == [StoreError.fencingConflict, StoreError.fencingConflict, StoreError.fencingConflict])
            for execution in executions {
                #expect(try await store.getExecution(arn: execution.arn).version == 1)
                #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).map(\.id) == [1])
            }
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
            let fresh = await store.commit(each: batch(new))
            #expect(fresh.map { try? $0.get() } == [2, 2, 2])
            #expect(try await store.pendingOutbox(limit: 10).count == 3)
        }
    }

    @Test("empty text is stored as empty text, not as null", arguments: Backend.allCases)
    func emptyText(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("empty")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 1, date: fixture.date(1), status: .failed,
                error: "", cause: "", stopDate: fixture.date(1)))
            let stored = try await store.getExecution(arn: execution.arn)
            #expect(stored.error == "")
            #expect(stored.cause == "")
        }
    }

    @Test("a failing commit leaves nothing behind", arguments: Backend.allCases)
    func atomicity(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            let wait = fixture.timer("wait", execution: execution, due: 60)
            try await store.createExecution(fixture.start(execution, timers: [wait]), quota: .unlimited)
            try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 1, date: fixture.date(1), snapshot: Array("snapshot-1".utf8),
                events: fixture.events(2...2), processedResultKeys: ["seen"]))

            // Fails on its last part (a key already processed), after everything else was written.
            let late = ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 2, date: fixture.date(2), status: .succeeded, output: "{}",
                stopDate: fixture.date(2), snapshot: Array("never".utf8), events: fixture.events(3...4),
                addTimers: [fixture.timer("new", execution: execution, due: 10)], deleteTimerIds: [wait.id],
                outbox: [fixture.message("never", execution: execution)], processedResultKeys: ["fresh", "seen"])
            await #expect(throws: StoreError.resultAlreadyProcessed) { try await store.commit(late) }
            // Fails in the middle (a history event id that already exists).
            var clash = late
            clash.events = fixture.events(2...3)
            clash.processedResultKeys = ["fresh"]
            await #expect(throws: StoreError.alreadyExists) { try await store.commit(clash) }
            // Or an id the change itself repeats.
            clash.events = fixture.events(3...3) + fixture.events(3...4)
            await #expect(throws: StoreError.alreadyExists) { try await store.commit(clash) }

            let stored = try await store.getExecution(arn: execution.arn)
            #expect(stored.version == 2)
            #expect(stored.status == .running)
            #expect(stored.output == nil)
            #expect(stored.snapshot == Array("snapshot-1".utf8))
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).map(\.id) == [1, 2])
            #expect(try await store.timers(executionArn: execution.arn) == [wait])
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
            #expect(try await !store.isResultProcessed(executionArn: execution.arn, key: "fresh"))
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)

            // The same change without the clash goes through.
            var good = late
            good.processedResultKeys = ["fresh"]
            #expect(try await store.commit(good) == 3)
            #expect(try await store.openExecutionCount(account: fixture.account) == 0)
        }
    }

    @Test("two writers with the same expected version: exactly one wins", arguments: Backend.allCases)
    func versionConflict(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            let outcomes = await withTaskGroup(of: Result<Int64, any Error>.self) { group in
                for writer in 0..<8 {
                    let commit = ExecutionCommit(
                        executionArn: execution.arn, expectedVersion: 1, date: fixture.date(1),
                        snapshot: Array("writer-\(writer)".utf8), events: fixture.events(2...2))
                    group.addTask {
                        do { return .success(try await store.commit(commit)) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let wins = outcomes.compactMap { try? $0.get() }
            #expect(wins == [2])
            for case .failure(let error) in outcomes {
                #expect(error as? StoreError == .versionConflict)
            }
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).count == 2)
            await #expect(throws: StoreError.versionConflict) {
                try await store.commit(ExecutionCommit(executionArn: execution.arn, expectedVersion: 1, date: fixture.date(2)))
            }
            await #expect(throws: StoreError.notFound) {
                try await store.commit(ExecutionCommit(executionArn: fixture.executionArn("missing"), expectedVersion: 1, date: fixture.date(2)))
            }
        }
    }

    @Test("a stopped execution cannot go back to RUNNING", arguments: Backend.allCases)
    func invalidTransition(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            try await store.commit(fixture.stop(execution, version: 1))
            await #expect(throws: StoreError.invalidTransition) {
                try await store.commit(ExecutionCommit(executionArn: execution.arn, expectedVersion: 2, date: fixture.date(2)))
            }
        }
    }

    @Test("processed result keys are per execution", arguments: Backend.allCases)
    func processedKeys(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let first = fixture.execution("first")
            let second = fixture.execution("second")
            try await store.createExecution(fixture.start(first), quota: .unlimited)
            try await store.createExecution(fixture.start(second), quota: .unlimited)
            try await store.commit(ExecutionCommit(
                executionArn: first.arn, expectedVersion: 1, date: fixture.date(1), processedResultKeys: ["k1", "k2"]))
            #expect(try await store.isResultProcessed(executionArn: first.arn, key: "k1"))
            #expect(try await store.isResultProcessed(executionArn: first.arn, key: "k2"))
            #expect(try await !store.isResultProcessed(executionArn: second.arn, key: "k1"))
            // A redelivered result recorded again is refused, and the execution does not advance.
            await #expect(throws: StoreError.resultAlreadyProcessed) {
                try await store.commit(ExecutionCommit(
                    executionArn: first.arn, expectedVersion: 2, date: fixture.date(2), processedResultKeys: ["k1"]))
            }
            #expect(try await store.getExecution(arn: first.arn).version == 2)
            try await store.commit(ExecutionCommit(
                executionArn: second.arn, expectedVersion: 1, date: fixture.date(1), processedResultKeys: ["k1"]))
        }
    }
}
