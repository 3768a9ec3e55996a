import Foundation
import Store
@testable import StorePostgres
import Testing

/// PostgreSQL's create batch (`stepwise_create_batch`): each create succeeds or fails on its own,
/// in order, within one statement.
@Suite("PostgreSQL create batch")
struct CreateBatchTests {
    @Test("taken names and the limit are answered per create, in order")
    func codesInOrder() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let store = stores[0]
            let fixture = Fixture()
            let taken = fixture.execution("taken")
            try await store.createExecution(fixture.start(taken), quota: .unlimited)
            let quota = ExecutionQuota(maxOpen: 3)
            let batch = ["taken", "a", "a", "b", "c"].map { PendingCreate(start: fixture.start(fixture.execution($0)), quota: quota) }
            let outcomes = await store.createBatch(batch)
            // "taken" exists; the second "a" is the first's name; "c" would be the fourth open.
            #expect(outcomes.map(Self.code) == ["SWEXI", "", "SWEXI", "", "LIMIT"])
            let open = try await store.openExecutionCount(account: fixture.account)
            #expect(open == 3)
            let history = try await store.history(HistoryQuery(executionArn: fixture.execution("b").arn))
            #expect(history.map(\.id) == [1])
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: fixture.execution("c").arn) }
        }
    }

    @Test("a create that raises (two events with one id) fails alone; the others in its batch are created")
    func oneBadCreate() async throws {
        try await Backend.withPostgresStores(count: 1) { stores in
            let store = stores[0]
            let fixture = Fixture()
            var broken = fixture.start(fixture.execution("broken"))
            broken.events += fixture.events(1...1)  // event 1 twice: a unique violation
            let batch = [PendingCreate(start: fixture.start(fixture.execution("first")), quota: .unlimited),
                         PendingCreate(start: broken, quota: .unlimited),
                         PendingCreate(start: fixture.start(fixture.execution("last")), quota: .unlimited)]
            let outcomes = await store.createBatch(batch)
            #expect(outcomes.map(Self.code) == ["", "SWEXI", ""])
            let first = try await store.getExecution(arn: fixture.execution("first").arn)
            let last = try await store.getExecution(arn: fixture.execution("last").arn)
            #expect(first.status == .running && last.status == .running)
            await #expect(throws: StoreError.notFound) { try await store.getExecution(arn: fixture.execution("broken").arn) }
            let open = try await store.openExecutionCount(account: fixture.account)
            #expect(open == 2)
        }
    }

    static func code(_ outcome: Result<Void, StoreError>) -> String {
        switch outcome {
        case .success: ""
        case .failure(let error) where error == .alreadyExists: "SWEXI"
        case .failure(let error) where error == .limitExceeded: "LIMIT"
        case .failure(let error): "\(error)"
        }
    }
}
