@testable import API
import Foundation
import Store
import Testing

/// The StartExecution state machine cache: fresh entries answer from memory, stale or forgotten
/// ones and failed loads go back to the store.
struct StateMachineCacheTests {
    static func machine(_ revision: String) -> StateMachineRecord {
        StateMachineRecord(arn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", account: "123456789012", name: "m",
                           definition: "{}", roleArn: "arn:aws:iam::123456789012:role/r", creationDate: Date(), revisionId: revision)
    }

    @Test func freshHitsStaleAndForgottenReload() async throws {
        let cache = StateMachineCache(lifetime: .seconds(1))
        let arn = Self.machine("").arn
        let t0 = ContinuousClock.now
        var loads = 0
        func get(_ revision: String, at now: ContinuousClock.Instant) async throws -> String {
            try await cache.record(arn, now: now) { () async throws(APIError) in
                loads += 1
                return Self.machine(revision)
            }.revisionId
        }
        #expect(try await get("r1", at: t0) == "r1")
        #expect(try await get("r2", at: t0 + .milliseconds(900)) == "r1")
        #expect(loads == 1)
        #expect(try await get("r2", at: t0 + .milliseconds(1001)) == "r2")
        #expect(loads == 2)
        cache.forget(arn)
        #expect(try await get("r3", at: t0 + .milliseconds(1100)) == "r3")
        #expect(loads == 3)
    }

    @Test func aFailedLoadIsNotKept() async throws {
        let cache = StateMachineCache()
        let arn = Self.machine("").arn
        await #expect(throws: APIError.stateMachineDoesNotExist(arn)) {
            try await cache.record(arn) { () async throws(APIError) in throw .stateMachineDoesNotExist(arn) }
        }
        let record = try await cache.record(arn) { () async throws(APIError) in Self.machine("r1") }
        #expect(record.revisionId == "r1")
    }
}
