import Foundation
import Store
import StorePostgres
import Testing

@Suite("StartExecution bucket in the store")
struct StartBucketTests {
    /// Creates `name` at `seconds` with a bucket; the outcome as a word.
    static func start(_ store: any ExecutionStore, _ fixture: Fixture, _ name: String, at seconds: Double,
                      bucket: StartBucket, maxOpen: Int = 1000) async -> String {
        do {
            try await store.createExecution(fixture.start(fixture.execution(name, start: seconds)),
                                            quota: ExecutionQuota(maxOpen: maxOpen, bucket: bucket))
            return "ok"
        } catch let error as StoreError where error == .throttled {
            return "throttled"
        } catch let error as StoreError where error == .alreadyExists {
            return "exists"
        } catch let error as StoreError where error == .limitExceeded {
            return "limit"
        } catch {
            return "\(error)"
        }
    }

    @Test("a bucket of 3 refilling 1/s: three starts, then throttled until it refills", arguments: Backend.allCases)
    func refill(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let fixture = Fixture()
            let bucket = StartBucket(capacity: 3, refillPerSecond: 1)
            var outcomes: [String] = []
            for index in 0..<4 { outcomes.append(await Self.start(store, fixture, "a\(index)", at: 0, bucket: bucket)) }
            #expect(outcomes == ["ok", "ok", "ok", "throttled"])
            #expect(try await store.startTokens(account: fixture.account, bucket: bucket, now: fixture.date(0)) == 0)
            #expect(try await store.startTokens(account: fixture.account, bucket: bucket, now: fixture.date(2.5)) == 2.5)
            // 2.5 tokens at 2.5 s: two more starts.
            outcomes = []
            for index in 0..<3 { outcomes.append(await Self.start(store, fixture, "b\(index)", at: 2.5, bucket: bucket)) }
            #expect(outcomes == ["ok", "ok", "throttled"])
            // Never above the capacity, however long it rests.
            #expect(try await store.startTokens(account: fixture.account, bucket: bucket, now: fixture.date(1000)) == 3)
            // Starts without a bucket (nested ones) take no token.
            try await store.createExecution(fixture.start(fixture.execution("nested", start: 3)), quota: ExecutionQuota(maxOpen: 1000))
            #expect(try await store.startTokens(account: fixture.account, bucket: bucket, now: fixture.date(2.5)) == 0.5)
            // Another account has its own bucket.
            let other = Fixture()
            #expect(await Self.start(store, other, "x", at: 0, bucket: bucket) == "ok")
        }
    }

    @Test("every start counts against the bucket, as every AWS call does: one refused for its name or at the limit keeps its token taken; an empty bucket refuses before the name is checked",
          arguments: Backend.allCases)
    func refusals(_ backend: Backend) async throws {
        try await backend.withStore { store throws in
            let fixture = Fixture()
            let bucket = StartBucket(capacity: 4, refillPerSecond: 0)
            func tokens() async throws -> Double { try await store.startTokens(account: fixture.account, bucket: bucket, now: fixture.date(0)) }
            #expect(await Self.start(store, fixture, "one", at: 0, bucket: bucket, maxOpen: 1) == "ok")
            #expect(await Self.start(store, fixture, "one", at: 0, bucket: bucket, maxOpen: 1) == "exists")
            #expect(try await tokens() == 2)
            #expect(await Self.start(store, fixture, "two", at: 0, bucket: bucket, maxOpen: 1) == "limit")
            #expect(try await tokens() == 1)
            // The refused creates wrote nothing.
            #expect(try await store.openExecutionCount(account: fixture.account) == 1)
            #expect(await Self.start(store, fixture, "three", at: 0, bucket: bucket, maxOpen: 2) == "ok")
            #expect(try await tokens() == 0)
            #expect(await Self.start(store, fixture, "one", at: 0, bucket: bucket, maxOpen: 5) == "throttled")
            #expect(await Self.start(store, fixture, "four", at: 0, bucket: bucket, maxOpen: 5) == "throttled")
            #expect(try await store.openExecutionCount(account: fixture.account) == 2)
            // Another account has a bucket of its own.
            #expect(await Self.start(store, Fixture(), "five", at: 0, bucket: bucket, maxOpen: 1) == "ok")
        }
    }

    @Test("three PostgreSQL stores share one bucket: 20 refilling 10/s admits 20 + 10 per second of starts, not three times that")
    func central() async throws {
        try await Backend.withPostgresStores(count: 3) { stores in
            let fixture = Fixture()
            let bucket = StartBucket(capacity: 20, refillPerSecond: 10)
            let begin = Date()
            // 200 starts over about 5 s (40/s, four times the refill), spread over the three stores.
            let admitted = try await withThrowingTaskGroup(of: Date?.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(index * 25))
                        let now = Date()
                        do {
                            try await stores[index % 3].createExecution(
                                fixture.start(fixture.execution("s\(index)", start: now.timeIntervalSince(fixture.base))),
                                quota: ExecutionQuota(maxOpen: 1000, bucket: bucket))
                            return now
                        } catch let error as StoreError where error == .throttled {
                            return nil
                        }
                    }
                }
                var dates: [Date] = []
                for try await date in group { if let date { dates.append(date) } }
                return dates
            }
            let elapsed = Date().timeIntervalSince(begin)
            let expected = 20 + 10 * elapsed
            #expect(elapsed > 4.5)
            #expect(abs(Double(admitted.count) - expected) <= 10 * 0.1 + 2,
                    "admitted \(admitted.count) in \(elapsed) s, the bucket allows \(expected)")
        }
    }
}
