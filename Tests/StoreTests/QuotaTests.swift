import Foundation
import Store
import Testing

/// Runs `count` creates at once and returns how many succeeded; every failure must be `limitExceeded`.
func raceCreates(
    _ count: Int, fixture: Fixture, quota: ExecutionQuota, prefix: String = "race", stores: [any ExecutionStore]
) async throws -> [ExecutionRecord] {
    try await withThrowingTaskGroup(of: ExecutionRecord?.self) { group in
        for index in 0..<count {
            let store = stores[index % stores.count]
            let execution = fixture.execution("\(prefix)-\(index)", start: Double(index))
            group.addTask {
                do {
                    try await store.createExecution(fixture.start(execution), quota: quota)
                    return execution
                } catch let error as StoreError where error == .limitExceeded {
                    return nil
                }
            }
        }
        var created: [ExecutionRecord] = []
        for try await execution in group {
            if let execution { created.append(execution) }
        }
        return created
    }
}

@Suite("Open-execution quota")
struct QuotaTests {
    @Test("300 racing creators with a limit of 10: exactly 10 succeed; terminal commits free slots once", arguments: Backend.allCases)
    func exactUnderRace(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let quota = ExecutionQuota(maxOpen: 10)
            let created = try await raceCreates(300, fixture: fixture, quota: quota, stores: [store])
            #expect(created.count == 10)
            #expect(try await store.openExecutionCount(account: fixture.account) == 10)
            let listed = try await store.listExecutions(.account(fixture.account), page: PageRequest(limit: 1000))
            #expect(listed.items.count == 10)

            // Stop three; the second stop of each (same expected version) is a conflict, not a second free.
            for execution in created.prefix(3) {
                try await store.commit(fixture.stop(execution, version: 1))
                await #expect(throws: StoreError.versionConflict) { try await store.commit(fixture.stop(execution, version: 1)) }
            }
            #expect(try await store.openExecutionCount(account: fixture.account) == 7)
            // A later commit on a stopped execution keeps it stopped and frees nothing.
            try await store.commit(fixture.stop(created[0], version: 2, status: .succeeded))
            #expect(try await store.openExecutionCount(account: fixture.account) == 7)

            // Racing stops of the same execution free its slot once.
            let target = created[5]
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { _ = try? await store.commit(fixture.stop(target, version: 1, status: .aborted)) }
                }
            }
            #expect(try await store.openExecutionCount(account: fixture.account) == 6)

            let refill = try await raceCreates(50, fixture: fixture, quota: quota, prefix: "refill", stores: [store])
            #expect(refill.count == 4)
            #expect(try await store.openExecutionCount(account: fixture.account) == 10)
        }
    }

    @Test("limits are per account; failed creates take no slot; non-running creates take none but are refused at the limit", arguments: Backend.allCases)
    func perAccount(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let other = Fixture()
            let quota = ExecutionQuota(maxOpen: 1)
            try await store.createExecution(fixture.start(fixture.execution("a")), quota: quota)
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(fixture.start(fixture.execution("b")), quota: quota)
            }
            // The refused execution was not inserted.
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: fixture.executionArn("b")) }
            try await store.createExecution(other.start(other.execution("a")), quota: quota)
            // One that ended as it started takes no slot, but is refused at the limit like any start.
            var done = fixture.execution("c")
            done.status = .succeeded
            await #expect(throws: StoreError.limitExceeded) { try await store.createExecution(fixture.start(done), quota: quota) }
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: fixture.executionArn("c")) }
            try await store.createExecution(fixture.start(done), quota: ExecutionQuota(maxOpen: 2))
            #expect(try await store.getExecution(arn: fixture.executionArn("c")).status == .succeeded)
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)
            #expect(try await store.openExecutionCount(account: other.account) == 1)
            #expect(try await store.openExecutionCount(account: Fixture().account) == 0)
        }
    }

    @Test("nested starts may use the reserve that plain starts cannot", arguments: Backend.allCases)
    func nestedReserve(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let plain = ExecutionQuota(maxOpen: 4, reservedForNested: 2)
            let nested = ExecutionQuota(maxOpen: 4, reservedForNested: 2, isNested: true)
            let root = fixture.execution("root")
            try await store.createExecution(fixture.start(root), quota: plain)
            try await store.createExecution(fixture.start(fixture.execution("plain-2")), quota: plain)
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(fixture.start(fixture.execution("plain-3")), quota: plain)
            }
            try await store.createExecution(fixture.start(fixture.execution("child-1", parent: root)), quota: nested)
            try await store.createExecution(fixture.start(fixture.execution("child-2", parent: root)), quota: nested)
            await #expect(throws: StoreError.limitExceeded) {
                try await store.createExecution(fixture.start(fixture.execution("child-3", parent: root)), quota: nested)
            }
            #expect(try await store.openExecutionCount(account: fixture.account) == 4)
        }
    }

    @Test("the reserve is graded by depth: each level below the root may take one more reserved slot")
    func gradedReserve() {
        let limits = (0...4).map { ExecutionQuota(maxOpen: 10, reservedForNested: 3, depth: $0).effectiveLimit }
        #expect(limits == [7, 8, 9, 10, 10])
        #expect(ExecutionQuota(maxOpen: 10, reservedForNested: 3, isNested: true).effectiveLimit == 10)
        #expect(ExecutionQuota(maxOpen: 2, reservedForNested: 5).effectiveLimit == 0)
    }
}
