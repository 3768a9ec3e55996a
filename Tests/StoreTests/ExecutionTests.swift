import Foundation
import Store
import Testing

@Suite("Executions")
struct ExecutionTests {
    @Test("create writes the execution, its events, timers and outbox together", arguments: Backend.allCases)
    func create(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            let timer = fixture.timer("timeout", execution: execution, due: 3600)
            let message = fixture.message("task.a", execution: execution)
            try await store.createExecution(fixture.start(execution, timers: [timer], outbox: [message]), quota: .unlimited)

            #expect(try await store.getExecution(arn: execution.arn) == execution)
            let history = try await store.history(HistoryQuery(executionArn: execution.arn))
            #expect(history.map(\.type) == ["ExecutionStarted"])
            #expect(try await store.timers(executionArn: execution.arn) == [timer])
            #expect(try await store.pendingOutbox(limit: 10).map(\.message) == [message])
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: fixture.executionArn("missing")) }
        }
    }

    @Test("a name is unique per state machine; the error carries the existing execution", arguments: Backend.allCases)
    func duplicateName(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("same")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)
            var again = fixture.execution("same", start: 5)
            again.input = #"{"other":true}"#
            let error = await #expect(throws: StoreError.alreadyExists) {
                try await store.createExecution(fixture.start(again), quota: .unlimited)
            }
            #expect(error?.existingExecution == execution)
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).count == 1)

            // The same name under another state machine is fine.
            try await store.createExecution(fixture.start(fixture.execution("same", machine: "other")), quota: .unlimited)
        }
    }

    @Test("list newest first, paginated, by state machine or account, with a status filter", arguments: Backend.allCases)
    func list(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            var created: [ExecutionRecord] = []
            for index in 0..<7 {
                // Two executions share a start date to check the ARN tie-break.
                let execution = fixture.execution("e\(index)", machine: index < 5 ? "machine" : "other", start: Double(min(index, 5)))
                try await store.createExecution(fixture.start(execution), quota: .unlimited)
                created.append(execution)
            }
            try await store.commit(fixture.stop(created[1], version: 1, status: .failed))

            var arns: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await store.listExecutions(.account(fixture.account), page: PageRequest(limit: 3, token: token))
                arns += page.items.map(\.arn)
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 10
            let expected = created.sorted { ($0.startDate, $0.arn) > ($1.startDate, $1.arn) }.map(\.arn)
            #expect(arns == expected)
            #expect(pages == 3)

            let machine = try await store.listExecutions(.stateMachine(fixture.stateMachineArn()), page: PageRequest(limit: 100))
            #expect(machine.items.map(\.name) == ["e4", "e3", "e2", "e1", "e0"])
            let failed = try await store.listExecutions(.account(fixture.account, status: .failed), page: PageRequest())
            #expect(failed.items.map(\.name) == ["e1"])
            let running = try await store.listExecutions(.stateMachine(fixture.stateMachineArn(), status: .running), page: PageRequest())
            #expect(running.items.count == 4)
            await #expect(throws: StoreError.invalidArgument) {
                try await store.listExecutions(.account(fixture.account), page: PageRequest(limit: 2, token: "garbage"))
            }
        }
    }

    @Test("the console's filters: name prefix, start dates, children; counts by status; child counts", arguments: Backend.allCases)
    func filters(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let root = fixture.execution("order-1", start: 0)
            var created = [root]
            for index in 0..<5 {
                created.append(fixture.execution(index < 3 ? "order_\(index)" : "refund-\(index)", start: Double(index + 1), parent: root))
            }
            created.append(fixture.execution("orderly", start: 10, parent: created[1]))
            for execution in created { try await store.createExecution(fixture.start(execution), quota: .unlimited) }
            try await store.commit(fixture.stop(created[2], version: 1, status: .failed))
            let account = fixture.account

            func names(_ filter: ExecutionFilter) async throws -> [String] {
                try await store.listExecutions(filter, page: PageRequest(limit: 100)).items.map(\.name)
            }
            // A prefix is matched literally: `_` is no wildcard.
            #expect(try await names(ExecutionFilter(.account(account), namePrefix: "order_")) == ["order_2", "order_1", "order_0"])
            #expect(try await names(ExecutionFilter(.account(account), namePrefix: "order")).count == 5)
            let base = created[0].startDate
            #expect(try await names(ExecutionFilter(.account(account), startedAfter: base.addingTimeInterval(2), startedBefore: base.addingTimeInterval(4)))
                == ["order_2", "order_1"])
            #expect(try await names(ExecutionFilter(.children(of: root.arn), status: .failed)) == ["order_1"])
            let children = try await store.listExecutions(ExecutionFilter(.children(of: root.arn)), page: PageRequest(limit: 2))
            #expect(children.items.map(\.name) == ["refund-4", "refund-3"])
            #expect(children.nextToken != nil)

            #expect(try await store.executionCounts(.account(account)) == [.running: 6, .failed: 1])
            #expect(try await store.executionCounts(ExecutionFilter(.children(of: root.arn), namePrefix: "refund")) == [.running: 2])
            #expect(try await store.executionCounts(ExecutionFilter(.account("999999999999"))).isEmpty)
            #expect(try await store.childCounts(of: [root.arn, created[1].arn, created[6].arn]) == [root.arn: 5, created[1].arn: 1])
            #expect(try await store.childCounts(of: []).isEmpty)
        }
    }

    @Test("nested executions: children and the parent chain, with statuses", arguments: Backend.allCases)
    func tree(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let root = fixture.execution("root")
            let child = fixture.execution("child", start: 1, parent: root)
            let sibling = fixture.execution("sibling", start: 2, parent: root)
            let grandchild = fixture.execution("grandchild", start: 3, parent: child)
            for execution in [root, child, sibling, grandchild] {
                try await store.createExecution(fixture.start(execution), quota: .unlimited)
            }
            try await store.commit(fixture.stop(sibling, version: 1, status: .aborted))

            #expect(grandchild.rootArn == root.arn)
            #expect(try await store.children(of: root.arn).map(\.name) == ["child", "sibling"])
            #expect(try await store.children(of: root.arn).map(\.status) == [.running, .aborted])
            #expect(try await store.children(of: grandchild.arn).isEmpty)
            #expect(try await store.ancestors(of: grandchild.arn).map(\.name) == ["child", "root"])
            #expect(try await store.ancestors(of: root.arn).isEmpty)
            let stored = try await store.getExecution(arn: grandchild.arn)
            #expect(stored.parentArn == child.arn)
            #expect(stored.rootArn == root.arn)
        }
    }
}

@Suite("Execution start atomicity")
struct ExecutionStartTests {
    @Test("a create that fails part-way leaves no execution, events, outbox or slot", arguments: Backend.allCases)
    func createIsAtomic(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let execution = fixture.execution("one")
            let timer = fixture.timer("t", execution: execution, due: 10)
            // The same timer id twice: the second insert fails after everything else was written.
            let broken = fixture.start(execution, timers: [timer, timer], outbox: [fixture.message("m", execution: execution)])
            let error = await #expect(throws: StoreError.alreadyExists) { try await store.createExecution(broken, quota: .unlimited) }
            #expect(error?.existingExecution == nil)
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: execution.arn) }
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).isEmpty)
            #expect(try await store.timers(executionArn: execution.arn).isEmpty)
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
            #expect(try await store.openExecutionCount(account: fixture.account) == 0)

            try await store.createExecution(fixture.start(execution, timers: [timer]), quota: ExecutionQuota(maxOpen: 1))
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)
        }
    }
}
