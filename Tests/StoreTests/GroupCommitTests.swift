import Synchronization
import Testing
@testable import StorePostgres

/// GroupCommit's batching, on its own (pure logic: the batch runner is a closure).
@Suite("Group commit")
struct GroupCommitTests {
    /// What the runner saw.
    final class Runs: Sendable {
        struct Seen { var batches: [[Int]] = []; var inFlight = 0; var mostInFlight = 0 }
        let seen = Mutex(Seen())
    }

    @Test("200 callers at once: each gets its own outcome, one batch in flight at a time, none above the maximum")
    func concurrentCallersShareBatches() async throws {
        let group = GroupCommit<Int, Int>(maxBatch: 16)
        let runs = Runs()
        let run: @Sendable ([Int]) async -> [Int] = { batch in
            runs.seen.withLock { s in
                s.inFlight += 1
                s.mostInFlight = max(s.mostInFlight, s.inFlight)
                s.batches.append(batch)
            }
            try? await Task.sleep(for: .milliseconds(2))
            runs.seen.withLock { $0.inFlight -= 1 }
            return batch.map { $0 * 10 }
        }
        let outcomes = await withTaskGroup(of: (Int, Int).self) { tasks in
            for item in 0..<200 {
                tasks.addTask { (item, await group.submit(item, run: run)) }
            }
            var outcomes: [Int: Int] = [:]
            for await (item, outcome) in tasks { outcomes[item] = outcome }
            return outcomes
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0.value == $0.key * 10 })
        let seen = runs.seen.withLock { $0 }
        #expect(seen.mostInFlight == 1)
        #expect(seen.batches.allSatisfy { !$0.isEmpty && $0.count <= 16 })
        #expect(seen.batches.flatMap { $0 }.sorted() == Array(0..<200))
        // Callers that arrive while a batch is in flight go together: far fewer batches than items.
        #expect(seen.batches.count < 100)
    }

    @Test("a caller alone is a batch of one, with no wait for company")
    func aLoneCallerRunsAtOnce() async {
        let group = GroupCommit<String, String>(maxBatch: 8)
        let sizes = Mutex<[Int]>([])
        for word in ["a", "b", "c"] {
            let outcome = await group.submit(word) { batch in
                sizes.withLock { $0.append(batch.count) }
                return batch.map { $0.uppercased() }
            }
            #expect(outcome == word.uppercased())
        }
        #expect(sizes.withLock { $0 } == [1, 1, 1])
    }
}
