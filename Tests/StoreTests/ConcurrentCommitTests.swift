import Foundation
import Store
import Testing

/// Many changes at once, as the coordinator sends them: on SQLite they share group transactions,
/// and a failing change must roll back only itself.
@Suite("Concurrent commits")
struct ConcurrentCommitTests {
    @Test("failing commits among 90 concurrent ones leave nothing; the others apply fully", arguments: Backend.allCases)
    func failuresAmongMany(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let executions = (0..<90).map { fixture.execution("e\($0)") }
            for execution in executions {
                try await store.createExecution(fixture.start(execution), quota: .unlimited)
            }
            // Every third commit records one result key twice, so it fails after writing its events and outbox.
            let outcomes = await withTaskGroup(of: (Int, (any Error)?).self) { group in
                for (index, execution) in executions.enumerated() {
                    group.addTask {
                        let keys = index % 3 == 0 ? ["k", "k"] : ["k"]
                        let commit = ExecutionCommit(
                            executionArn: execution.arn, expectedVersion: 1, date: fixture.date(10),
                            events: fixture.events(2...3), addTimers: [fixture.timer("t", execution: execution, due: 60)],
                            outbox: [fixture.message("task.\(index)", execution: execution)], processedResultKeys: keys)
                        do {
                            try await store.commit(commit)
                            return (index, nil)
                        } catch {
                            return (index, error)
                        }
                    }
                }
                return await group.reduce(into: [Int: (any Error)?]()) { $0[$1.0] = $1.1 }
            }
            for (index, execution) in executions.enumerated() {
                let failed = index % 3 == 0
                if failed {
                    #expect(outcomes[index]! as? StoreError == StoreError.resultAlreadyProcessed)
                } else {
                    #expect(outcomes[index]! == nil)
                }
                #expect(try await store.getExecution(arn: execution.arn).version == (failed ? 1 : 2))
                #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).map(\.id) == (failed ? [1] : [1, 2, 3]))
                #expect(try await store.timers(executionArn: execution.arn).count == (failed ? 0 : 1))
                #expect(try await store.isResultProcessed(executionArn: execution.arn, key: "k") == !failed)
            }
            let outbox = try await store.pendingOutbox(limit: 1000)
            #expect(Set(outbox.map(\.message.routingKey)) == Set((0..<90).filter { $0 % 3 != 0 }.map { "task.\($0)" }))
            try await store.deleteOutbox(ids: outbox.map(\.id))
            #expect(try await store.pendingOutbox(limit: 1000).isEmpty)
        }
    }

    @Test("a cancelled caller leaves no transaction open", arguments: Backend.allCases)
    func cancelledCallers(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let executions = (0..<20).map { fixture.execution("e\($0)") }
            let tasks = executions.map { execution in
                Task { try await store.createExecution(fixture.start(execution), quota: .unlimited) }
            }
            for task in tasks { task.cancel() }
            for task in tasks { _ = await task.result }
            // Whatever the cancelled creates did, the store still takes and applies changes.
            let late = fixture.execution("late")
            try await store.createExecution(fixture.start(late), quota: .unlimited)
            try await store.commit(fixture.stop(late, version: 1))
            #expect(try await store.getExecution(arn: late.arn).status == .succeeded)
        }
    }
}
