import Foundation
import JSONValue
import Synchronization

/// Answers the `callback` scenario's task tokens: `delay` seconds after a parent is accepted, it
/// reads the token from the child the parent started (named `<parent>-cb`, so no listing is needed)
/// and sends `SendTaskSuccess`. A child not started yet (its start may be retrying at the limit)
/// is asked again a quarter of a second later.
final class CallbackAnswerer: Sendable {
    private struct Pending {
        var client: Int
        var child: String
        var due: ContinuousClock.Instant
    }

    private let pending = Mutex<[Pending]>([])
    private let answeredCount = Atomic<Int>(0)
    let delay: Duration

    init(delay: Double) {
        self.delay = .milliseconds(Int64(delay * 1000))
    }

    /// The parent `executionArn` (of account `client`) waits on a child of `childMachine`.
    func expect(parent executionArn: String, childMachine: String, client: Int) {
        guard let name = executionArn.split(separator: ":").last else { return }
        let child = childMachine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":\(name)-cb"
        pending.withLock { $0.append(Pending(client: client, child: child, due: .now + delay)) }
    }

    var answered: Int { answeredCount.load(ordering: .relaxed) }
    var waiting: Int { pending.withLock { $0.count } }

    /// Answers what is due, every 50 ms, until `done()` says the run has ended.
    func run(clients: [StepFunctionsClient], done: @Sendable () -> Bool) async {
        while !done() {
            let now = ContinuousClock.now
            let due = pending.withLock { all in
                let due = all.filter { $0.due <= now }
                all.removeAll { $0.due <= now }
                return due
            }
            await withDiscardingTaskGroup { group in
                for entry in due {
                    group.addTask {
                        if await !self.answer(entry, clients: clients) {
                            var later = entry
                            later.due = .now + .milliseconds(250)
                            self.pending.withLock { $0.append(later) }
                        }
                    }
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Whether the token was answered (or cannot ever be: the parent is gone).
    private func answer(_ entry: Pending, clients: [StepFunctionsClient]) async -> Bool {
        let client = clients[entry.client]
        guard let child = try? await client.call("DescribeExecution", .object(JSONObject([("executionArn", .string(entry.child))]))),
              let input = child["input"]?.stringValue, let token = (try? JSON(parsing: input))?["token"]?.stringValue else {
            return false
        }
        do {
            _ = try await client.call("SendTaskSuccess", .object(JSONObject([
                ("taskToken", .string(token)), ("output", .string(#"{"answered": true}"#)),
            ])))
        } catch {
            // The token is no longer waited on (the parent timed out or was stopped): nothing to answer.
            if error.code == "TaskTimedOut" || error.code == "InvalidToken" { return true }
            return false
        }
        answeredCount.add(1, ordering: .relaxed)
        return true
    }
}
