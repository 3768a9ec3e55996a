import ASL
import JSONValue
import Testing

/// The coordinator persists `start` plus the events it fed (with their times) and rebuilds the
/// value by replaying them; that only works if the interpreter is deterministic.
@Suite struct ReplayTests {
    let definition = #"""
    {"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a",
            "Parameters": {"u.$": "States.UUID()"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "JitterStrategy": "FULL", "IntervalSeconds": 10}], "Next": "W"},
      "W": {"Type": "Wait", "Seconds": 5, "End": true}}}
    """#

    func describe(_ actions: [ExecutionAction]) -> [String] {
        actions.map { action in
            switch action {
            case .invokeTask(let t): "invoke \(t.id) \(t.input.serialized())"
            case .startTimer(let id, let due): "timer \(id) \(due)"
            case .recordHistory(let e): "event \(e.id) \(e.previousEventId) \(e.type)"
            case .finish(let r): "finish \(r.status)"
            default: "\(action)"
            }
        }
    }

    @Test func replayingTheSameEventsGivesTheSameActions() throws {
        var first = try Fixtures.machine(definition)
        var log: [(ExecutionEvent, Int64)] = []
        var seen = describe(first.start(at: Fixtures.start))
        var now = Fixtures.start
        let firstTask = try #require(seen.first { $0.hasPrefix("invoke") }).split(separator: " ")[1]
        log.append((.taskFailed(taskId: String(firstTask), error: "E", cause: nil), now))
        var actions = first.handle(log[0].0, at: now)
        seen += describe(actions)
        let retry = try #require(actions.timers.first)
        now = retry.due
        log.append((.timerFired(id: retry.id), now))
        actions = first.handle(log[1].0, at: now)
        seen += describe(actions)
        let second = try #require(actions.invocations.first)
        log.append((.taskSucceeded(taskId: second.id, output: .null), now))
        actions = first.handle(log[2].0, at: now)
        seen += describe(actions)
        let wait = try #require(actions.timers.first)
        log.append((.timerFired(id: wait.id), wait.due))
        seen += describe(first.handle(log[3].0, at: wait.due))
        #expect(seen.last == "finish succeeded")

        var replayed = try Fixtures.machine(definition)
        var again = describe(replayed.start(at: Fixtures.start))
        for (event, time) in log { again += describe(replayed.handle(event, at: time)) }
        #expect(again == seen)
    }
}
