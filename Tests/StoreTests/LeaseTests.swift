import Foundation
import Store
import Testing

@Suite("Leases")
struct LeaseTests {
    @Test("acquire, renew, takeover after the TTL with a higher token, release", arguments: Backend.allCases)
    func takeover(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let name = "shard-\(fixture.account)-7"
            let t0 = fixture.date(0)

            let first = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: t0))
            #expect(first.owner == "a")
            #expect(first.expiresAt == fixture.date(10))
            #expect(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(5)) == nil)
            #expect(try await store.renewLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(5)) == nil)

            let renewed = try #require(try await store.renewLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(8)))
            #expect(renewed.fencingToken == first.fencingToken)
            #expect(renewed.expiresAt == fixture.date(18))
            let again = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(9)))
            #expect(again.fencingToken == first.fencingToken)
            #expect(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(18.5)) == nil)

            // a stops renewing; after its TTL b takes over with a higher token.
            let taken = try #require(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(19)))
            #expect(taken.owner == "b")
            #expect(taken.fencingToken > first.fencingToken)
            #expect(try await store.renewLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(20)) == nil)

            try await store.releaseLease(name: name, owner: "a")  // not a's: no effect
            #expect(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(21)) == nil)
            try await store.releaseLease(name: name, owner: "b")
            let back = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(22)))
            #expect(back.fencingToken > taken.fencingToken)
        }
    }

    @Test("renewing many leases in one write extends the owner's live ones and leaves out the rest", arguments: Backend.allCases)
    func renewMany(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let names = (0..<4).map { "shard-\(fixture.account)-many-\($0)" }
            for name in names.prefix(3) {
                _ = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(0)))
            }
            // names[1] expires and b takes it; names[3] was never taken.
            _ = try #require(try await store.acquireLease(name: names[1], owner: "b", ttl: .seconds(10), now: fixture.date(11)))
            _ = try #require(try await store.renewLease(name: names[0], owner: "a", ttl: .seconds(10), now: fixture.date(9)))
            _ = try #require(try await store.renewLease(name: names[2], owner: "a", ttl: .seconds(10), now: fixture.date(9)))

            let renewed = try await store.renewLeases(names: names, owner: "a", ttl: .seconds(10), now: fixture.date(12))
            #expect(renewed.map(\.name).sorted() == [names[0], names[2]])
            #expect(renewed.allSatisfy { $0.owner == "a" && $0.expiresAt == fixture.date(22) })
            // b's lease is untouched: a cannot take it before it expires at 21.
            #expect(try await store.acquireLease(name: names[1], owner: "a", ttl: .seconds(10), now: fixture.date(20)) == nil)
            #expect(try await store.renewLeases(names: [], owner: "a", ttl: .seconds(10), now: fixture.date(12)).isEmpty)
        }
    }

    @Test("commits are fenced by the lease token", arguments: Backend.allCases)
    func fencing(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let name = "shard-\(fixture.account)-1"
            let execution = fixture.execution("one")
            try await store.createExecution(fixture.start(execution), quota: .unlimited)

            let old = try #require(try await store.acquireLease(name: name, owner: "a", ttl: .seconds(10), now: fixture.date(0)))
            try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 1, fence: LeaseFence(old), date: fixture.date(1)))

            // Expired: even the same token is refused.
            await #expect(throws: StoreError.fencingConflict) {
                try await store.commit(ExecutionCommit(
                    executionArn: execution.arn, expectedVersion: 2, fence: LeaseFence(old), date: fixture.date(11)))
            }
            let new = try #require(try await store.acquireLease(name: name, owner: "b", ttl: .seconds(10), now: fixture.date(12)))
            await #expect(throws: StoreError.fencingConflict) {
                try await store.commit(ExecutionCommit(
                    executionArn: execution.arn, expectedVersion: 2, fence: LeaseFence(old), date: fixture.date(13),
                    events: fixture.events(2...2)))
            }
            #expect(try await store.history(HistoryQuery(executionArn: execution.arn)).count == 1)
            #expect(try await store.commit(ExecutionCommit(
                executionArn: execution.arn, expectedVersion: 2, fence: LeaseFence(new), date: fixture.date(13))) == 3)
            await #expect(throws: StoreError.fencingConflict) {
                try await store.commit(ExecutionCommit(
                    executionArn: execution.arn, expectedVersion: 3,
                    fence: LeaseFence(name: "no-such-lease-\(fixture.account)", fencingToken: 1), date: fixture.date(13)))
            }
        }
    }
}
