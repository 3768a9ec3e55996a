import ASL
@testable import Coordinator
import JSONValue
import Testing

/// The journal is an execution's stored state: what is written must read back as it was.
@Suite struct JournalTests {
    @Test func snapshotsGrowByAppendingAndReadBackWhole() throws {
        var journal = Journal(seed: 42, startMilliseconds: 1_700_000_000_000, parentTask: .init(key: "p#3#0", mode: "sync"))
        let events: [ExecutionEvent] = [
            .taskStarted(taskId: "a#2#0"),
            .taskSucceeded(taskId: "a#2#0", output: .object(JSONObject([("x", .array([.int(1), .string("é\"\\")]))]))),
            .taskHeartbeat(taskId: "b#5#1"),
            .taskFailed(taskId: "b#5#1", error: "States.Timeout", cause: nil),
            .timerFired(id: "wait#7"),
            .childExecutionFinished(taskId: "c#9#0", ChildExecutionOutcome(
                executionArn: "arn:child", status: .failed, output: nil, error: "E", cause: "why \"not\"",
                startMilliseconds: 5, stopMilliseconds: 9)),
            .childExecutionFinished(taskId: "c#11#0", ChildExecutionOutcome(
                executionArn: "arn:child2", status: .succeeded, output: .array([.null, .bool(true)]), error: nil, cause: nil,
                startMilliseconds: 6, stopMilliseconds: 10)),
            .stopRequested(error: "Stop", cause: "asked"),
        ]
        #expect(try Journal(decoding: journal.snapshot()) == journal)
        for (n, event) in events.enumerated() {
            journal.entries.append((milliseconds: 1_700_000_000_000 + Int64(n), event: event))
            if n % 2 == 1 { continue }  // some commits carry two entries
            let bytes = journal.snapshot()
            #expect(bytes == journal.encoded())
            #expect(try Journal(decoding: bytes) == journal)
        }
        // A journal whose entries shrank (replaced wholesale) is encoded afresh.
        journal.entries = Array(journal.entries.prefix(2))
        #expect(journal.snapshot() == journal.encoded())
    }
}
