public import Foundation
public import Histogram
import JSONValue
import Synchronization

/// Per Task state figures read from a sample of the run's histories, after the load: the queue
/// wait (`TaskScheduled` to `TaskStarted`) and the run time (`TaskStarted` to its end), and the
/// starts of children refused at the account's limit and retried (`TaskFailed` with
/// `StepFunctions.ExecutionLimitExceeded`). Any endpoint that returns histories gives them.
public struct TaskFigures: Codable, Sendable {
    /// Task states seen, as `kind/State` (a Map's or Parallel's inner states by their own names);
    /// every attempt is measured, retried ones included.
    public var queueWait: [String: Histogram<UInt64>] = [:]
    public var run: [String: Histogram<UInt64>] = [:]
    /// Histories read, and the limit refusals (retried) in them.
    public var sampled = 0
    public var limitRetries = 0

    public init() {}
}

/// Keeps up to `perKind` started executions of each kind (reservoir sampling, so the sample spans
/// the whole run), and reads their histories at the end.
final class HistorySample: Sendable {
    private struct State {
        var kept: [LoadKind: [(arn: String, client: Int)]] = [:]
        var seen: [LoadKind: Int] = [:]
    }

    private let state = Mutex(State())
    let perKind: Int

    init(perKind: Int = 100) {
        self.perKind = perKind
    }

    func offer(_ arn: String, kind: LoadKind, client: Int) {
        guard perKind > 0 else { return }
        state.withLock { s in
            let n = s.seen[kind, default: 0]
            s.seen[kind] = n + 1
            if n < perKind {
                s.kept[kind, default: []].append((arn, client))
            } else if case let slot = Int.random(in: 0...n), slot < perKind {
                s.kept[kind]?[slot] = (arn, client)
            }
        }
    }

    /// Reads the kept histories (eight at a time) and measures them.
    func read(clients: [StepFunctionsClient]) async -> TaskFigures {
        let kept = state.withLock { $0.kept }
        var figures = TaskFigures()
        let pairs = kept.flatMap { kind, list in list.map { (kind, $0.arn, $0.client) } }
        var index = 0
        while index < pairs.count {
            let chunk = pairs[index..<min(index + 8, pairs.count)]
            index += chunk.count
            let histories = await withTaskGroup(of: (LoadKind, [JSON]?).self) { group in
                for (kind, arn, client) in chunk {
                    group.addTask { (kind, await Self.history(arn, client: clients[client])) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (kind, events) in histories {
                guard let events else { continue }
                figures.sampled += 1
                Self.measure(events, kind: kind, into: &figures)
            }
        }
        return figures
    }

    private static func history(_ arn: String, client: StepFunctionsClient) async -> [JSON]? {
        var events: [JSON] = []
        var token: String?
        repeat {
            var body = JSONObject([("executionArn", .string(arn)), ("maxResults", .int(1000))])
            if let token { body["nextToken"] = .string(token) }
            guard let page = try? await client.call("GetExecutionHistory", .object(body)) else { return nil }
            events += page["events"]?.arrayValue ?? []
            token = page["nextToken"]?.stringValue
        } while token != nil
        return events
    }

    /// Follows each Task's events back through `previousEventId` to the state it entered.
    static func measure(_ events: [JSON], kind: LoadKind, into figures: inout TaskFigures) {
        var byId: [Int: JSON] = [:]
        for event in events { if let id = event["id"]?.numberValue?.int { byId[id] = event } }
        func previous(_ event: JSON) -> JSON? { event["previousEventId"]?.numberValue?.int.flatMap { byId[$0] } }
        func millis(_ event: JSON) -> Int64 { ExecutionFollower.millis(event["timestamp"]) }
        for event in events {
            let type = event["type"]?.stringValue ?? ""
            if type == "TaskFailed", event["taskFailedEventDetails"]?["error"]?.stringValue == "StepFunctions.ExecutionLimitExceeded" {
                figures.limitRetries += 1
            }
            // A service integration that runs on (`.sync`, `.waitForTaskToken`) puts TaskSubmitted
            // between TaskStarted and its end.
            guard type == "TaskSucceeded" || type == "TaskFailed" || type == "TaskTimedOut",
                  var started = previous(event) else { continue }
            if started["type"]?.stringValue == "TaskSubmitted", let before = previous(started) { started = before }
            guard started["type"]?.stringValue == "TaskStarted",
                  let scheduled = previous(started), scheduled["type"]?.stringValue == "TaskScheduled" else { continue }
            // A retried Task's TaskScheduled follows the failure before it: back to the state's entry.
            var entered = previous(scheduled)
            var steps = 0
            while let e = entered, e["type"]?.stringValue != "TaskStateEntered", steps < 10_000 {
                entered = previous(e)
                steps += 1
            }
            let state = entered?["stateEnteredEventDetails"]?["name"]?.stringValue ?? "?"
            let key = "\(kind.rawValue)/\(state)"
            let wait = max(1, UInt64(max(0, millis(started) - millis(scheduled))) * 1000)
            let run = max(1, UInt64(max(0, millis(event) - millis(started))) * 1000)
            _ = figures.queueWait[key, default: LoadRecorder.histogram()].record(wait)
            _ = figures.run[key, default: LoadRecorder.histogram()].record(run)
        }
    }
}
