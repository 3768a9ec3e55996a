import Foundation
import Store
import StorePostgres
import Testing

/// Limits per state machine and per tree (``ExecutionLimits``) and queued starts, on both stores.
@Suite("Store: limits per scope and queued starts")
struct LimitTests {
    @Test("a full scope that fails refuses the start; an ended execution frees its slot", arguments: Backend.allCases)
    func refuses(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let f = Fixture()
            let limits = Self.limits(f, max: 2, queues: false)
            for name in ["a", "b"] {
                let outcome = try await store.createExecution(f.start(f.execution(name)), quota: .unlimited, limits: limits, detail: "")
                #expect(outcome == .started)
            }
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(f.start(f.execution("c")), quota: .unlimited, limits: limits, detail: "")
            }
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: f.execution("c").arn) }
            try await store.commit(f.stop(f.execution("a"), version: 1))
            let outcome = try await store.createExecution(f.start(f.execution("c")), quota: .unlimited, limits: limits, detail: "")
            #expect(outcome == .started)
            let counts = try await store.scopeCounts([limits.scopes[0].name])
            #expect(counts == [ScopeCount(open: 2, pending: 0)])
        }
    }

    @Test("a full scope that queues keeps starts PENDING in order; they start as slots free", arguments: Backend.allCases)
    func queues(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let f = Fixture()
            let limits = Self.limits(f, max: 2, queues: true)
            let scope = limits.scopes[0].name
            var outcomes: [LimitedStart] = []
            for name in ["a", "b", "c", "d"] {
                outcomes.append(try await store.createExecution(f.start(f.execution(name)), quota: .unlimited, limits: limits, detail: "d-\(name)"))
            }
            #expect(outcomes == [.started, .started, .queued, .queued])
            let c = try await store.getExecution(arn: f.execution("c").arn)
            #expect(c.status == .pending && c.version == 1)
            #expect(try await store.history(HistoryQuery(executionArn: c.arn)).isEmpty)
            #expect(try await store.openExecutionCount(account: f.account) == 2)
            let queue = try await store.pendingStarts(scope: scope, limit: 10)
            #expect(queue.map(\.execution.name) == ["c", "d"])
            #expect(queue.map(\.detail) == ["d-c", "d-d"])
            #expect(try await store.pendingScopes(limit: 10).contains(scope))
            #expect(try await store.scopeCounts([scope]) == [ScopeCount(open: 2, pending: 2)])

            // No room: nothing is written.
            #expect(try await store.startPending(Self.started(f, "c"), quota: .unlimited, limits: limits) == .blocked(scope))
            try await store.commit(f.stop(f.execution("a"), version: 1))
            // Room, but "c" and "d" wait: a new start queues behind them (FIFO).
            let e = try await store.createExecution(f.start(f.execution("e")), quota: .unlimited, limits: limits, detail: "")
            #expect(e == .queued)
            #expect(try await store.startPending(Self.started(f, "c"), quota: .unlimited, limits: limits) == .started)
            let started = try await store.getExecution(arn: f.execution("c").arn)
            #expect(started.status == .running && started.version == 2)
            #expect(try await store.history(HistoryQuery(executionArn: started.arn)).map(\.type) == ["ExecutionStarted"])
            #expect(try await store.pendingOutbox(limit: 10).map(\.message.executionArn).contains(started.arn))
            #expect(try await store.startPending(Self.started(f, "c"), quota: .unlimited, limits: limits) == .gone)
            #expect(try await store.pendingStarts(scope: scope, limit: 10).map(\.execution.name) == ["d", "e"])
            #expect(try await store.openExecutionCount(account: f.account) == 2)

            // A queued execution stopped before it starts.
            let aborted = HistoryEvent(id: 1, previousEventId: 0, timestamp: f.date(5), type: "ExecutionAborted", details: "{}")
            #expect(try await store.abortPending(arn: f.execution("d").arn, event: aborted, error: "E", cause: "C", stopDate: f.date(5)))
            #expect(try await store.abortPending(arn: f.execution("d").arn, event: aborted, error: "E", cause: "C", stopDate: f.date(5)) == false)
            let d = try await store.getExecution(arn: f.execution("d").arn)
            #expect(d.status == .aborted && d.error == "E" && d.stopDate == f.date(5))
            #expect(try await store.pendingStarts(scope: scope, limit: 10).map(\.execution.name) == ["e"])
            #expect(try await store.scopeCounts([scope]) == [ScopeCount(open: 2, pending: 1)])
        }
    }

    @Test("the account's limit and a scope's together: the stricter holds", arguments: Backend.allCases)
    func stricterHolds(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let f = Fixture()
            let account = ExecutionQuota(maxOpen: 2)
            let loose = Self.limits(f, max: 5, queues: false)
            _ = try await store.createExecution(f.start(f.execution("a")), quota: account, limits: loose, detail: "")
            _ = try await store.createExecution(f.start(f.execution("b")), quota: account, limits: loose, detail: "")
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(f.start(f.execution("c")), quota: account, limits: loose, detail: "")
            }
            // A queued start waits for the account too.
            let queueing = Self.limits(f, machine: "other", max: 1, queues: true)
            let other = f.execution("x", machine: "other")
            _ = try await store.createExecution(f.start(f.execution("w", machine: "other")), quota: .unlimited, limits: queueing, detail: "")
            #expect(try await store.createExecution(f.start(other), quota: account, limits: queueing, detail: "") == .queued)
            try await store.commit(f.stop(f.execution("w", machine: "other"), version: 1))
            var start = Self.started(f, "x", machine: "other")
            start.execution.version = 2
            #expect(try await store.startPending(start, quota: account, limits: queueing) == .blocked("account"))
            try await store.commit(f.stop(f.execution("a"), version: 1))
            #expect(try await store.startPending(start, quota: account, limits: queueing) == .started)
            #expect(try await store.openExecutionCount(account: f.account) == 2)
        }
    }

    @Test("a tree's scope counts its executions; a limit set later counts those already running", arguments: Backend.allCases)
    func treeAndBackfill(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let f = Fixture()
            let root = f.execution("root")
            let tree = ExecutionLimits(scopes: [.init(name: ExecutionLimits.treeScope(root: root.arn), maxOpen: 2, queues: false)])
            _ = try await store.createExecution(f.start(root), quota: .unlimited, limits: tree, detail: "")
            _ = try await store.createExecution(f.start(f.execution("c1", parent: root)), quota: .unlimited, limits: tree, detail: "")
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(f.start(f.execution("c2", parent: root)), quota: .unlimited, limits: tree, detail: "")
            }
            // Another tree is not affected.
            let other = f.execution("other")
            let otherTree = ExecutionLimits(scopes: [.init(name: ExecutionLimits.treeScope(root: other.arn), maxOpen: 2, queues: false)])
            #expect(try await store.createExecution(f.start(other), quota: .unlimited, limits: otherTree, detail: "") == .started)

            let m = f.stateMachineArn("plain")
            for name in ["p1", "p2"] { try await store.createExecution(f.start(f.execution(name, machine: "plain")), quota: .unlimited) }
            let scope = ExecutionLimits.stateMachineScope(m)
            try await store.countRunning(stateMachineArn: m, in: scope)
            #expect(try await store.scopeCounts([scope]) == [ScopeCount(open: 2, pending: 0)])
            let limits = ExecutionLimits(scopes: [.init(name: scope, maxOpen: 2, queues: false)])
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(f.start(f.execution("p3", machine: "plain")), quota: .unlimited, limits: limits, detail: "")
            }
        }
    }

    @Test("the account's state machines with stepwise: tags, in one read", arguments: Backend.allCases)
    func taggedMachines(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let f = Fixture()
            let other = Fixture()
            for machine in [f.stateMachine("a"), f.stateMachine("b"), f.stateMachine("c"), other.stateMachine("a")] {
                try await store.createStateMachine(machine)
            }
            try await store.tagResource(arn: f.stateMachineArn("a"), tags: [ResourceTag(key: "stepwise:maxOpen", value: "3"),
                                                                           ResourceTag(key: "team", value: "x")])
            try await store.tagResource(arn: f.stateMachineArn("b"), tags: [ResourceTag(key: "team", value: "y")])
            try await store.tagResource(arn: other.stateMachineArn("a"), tags: [ResourceTag(key: "stepwise:maxOpen", value: "9")])
            let tags = try await store.stateMachineTags(account: f.account, keyPrefix: "stepwise:")
            #expect(tags == [f.stateMachineArn("a"): [ResourceTag(key: "stepwise:maxOpen", value: "3")]])
        }
    }

    @Test("creates racing through two PostgreSQL stores never exceed the scope's limit")
    func racing() async throws {
        try await Backend.withPostgresStores(count: 2) { stores in
            let f = Fixture()
            let limits = Self.limits(f, max: 5, queues: true)
            let outcomes = try await withThrowingTaskGroup(of: LimitedStart.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await stores[i % 2].createExecution(f.start(f.execution("r\(i)")), quota: .unlimited, limits: limits, detail: "")
                    }
                }
                return try await group.reduce(into: [LimitedStart]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .started }.count == 5)
            #expect(outcomes.filter { $0 == .queued }.count == 35)
            let queue = try await stores[0].pendingStarts(scope: limits.scopes[0].name, limit: 100)
            #expect(queue.count == 35)
            #expect(queue.map(\.sequence) == queue.map(\.sequence).sorted())
        }
    }

    static func limits(_ f: Fixture, machine: String = "machine", max: Int, queues: Bool) -> ExecutionLimits {
        ExecutionLimits(scopes: [.init(name: ExecutionLimits.stateMachineScope(f.stateMachineArn(machine)), maxOpen: max, queues: queues)])
    }

    /// The start of queued execution `name`: version 2 with its first event and an outbox message.
    static func started(_ f: Fixture, _ name: String, machine: String = "machine") -> ExecutionStart {
        var execution = f.execution(name, machine: machine)
        execution.version = 2
        execution.snapshot = Array("started".utf8)
        return ExecutionStart(execution: execution, events: f.events(1...1, type: "ExecutionStarted"),
                              outbox: [f.message("stepwise.fn.x", execution: execution)])
    }
}
