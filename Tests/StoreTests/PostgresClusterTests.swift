import Foundation
import Store
import StorePostgres
import Testing

/// PostgreSQL only: several stores (separate connection pools, as on several coordinator hosts)
/// migrating and racing on one database.
@Suite("PostgreSQL with several clients")
struct PostgresClusterTests {
    @Test("four clients migrate concurrently, then 300 creators race for 10 slots")
    func quotaAcrossClients() async throws {
        try await Backend.withPostgresStores(count: 4) { stores in
            let fixture = Fixture()
            let quota = ExecutionQuota(maxOpen: 10)
            let created = try await raceCreates(300, fixture: fixture, quota: quota, stores: stores)
            #expect(created.count == 10)
            for store in stores {
                #expect(try await store.openExecutionCount(account: fixture.account) == 10)
            }
            // Every client stops every execution at once: each slot is freed exactly once.
            await withTaskGroup(of: Void.self) { group in
                for store in stores {
                    for execution in created {
                        group.addTask { _ = try? await store.commit(fixture.stop(execution, version: 1)) }
                    }
                }
            }
            #expect(try await stores[0].openExecutionCount(account: fixture.account) == 0)
            for execution in created {
                #expect(try await stores[1].getExecution(arn: execution.arn).version == 2)
            }
        }
    }

    @Test("a lease is held by one client at a time")
    func leaseAcrossClients() async throws {
        try await Backend.withPostgresStores(count: 3) { stores in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let leases = try await withThrowingTaskGroup(of: Lease?.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask { try await store.acquireLease(name: "shard-0", owner: "host-\(index)", ttl: .seconds(30), now: now) }
                }
                return try await group.reduce(into: [Lease]()) { if let lease = $1 { $0.append(lease) } }
            }
            #expect(leases.count == 1)
        }
    }
}
