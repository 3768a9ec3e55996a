import Foundation
import Histogram
import JSONValue
@testable import Load
import Testing

@Suite("stepwise load: scenarios, input templates, history figures")
struct ScenarioTests {
    @Test("an input template renders its tags for each start; fixed text is sent as it is")
    func template() throws {
        let t = try InputTemplate(#"{"n": {{index}}, "id": "{{uuid}}", "r": {{random}}, "at": {{timestamp}}}"#)
        let a = try JSON(parsing: t.render(index: 7))
        let b = try JSON(parsing: t.render(index: 8))
        #expect(a["n"]?.numberValue?.int == 7)
        #expect(b["n"]?.numberValue?.int == 8)
        #expect(a["id"]?.stringValue?.count == 36)
        #expect(a["id"]?.stringValue != b["id"]?.stringValue)
        #expect((0..<1_000_000_000).contains(a["r"]?.numberValue?.int ?? -1))
        #expect(abs((a["at"]?.numberValue?.double ?? 0) - Date().timeIntervalSince1970) < 60)
        // A quote in the template stays a quote (text, not HTML escaping).
        #expect(try InputTemplate(#"{"s": "a\"b&<"}"#).render(index: 0) == #"{"s": "a\"b&<"}"#)
    }

    @Test("a template that does not parse, or renders something that is not JSON, is refused with its reason")
    func badTemplates() {
        #expect(throws: InputTemplate.Problem.self) { try InputTemplate("{{#index}}") }
        #expect(throws: InputTemplate.Problem.self) { try InputTemplate(#"{"id": {{uuid}}}"#) }
        #expect(throws: InputTemplate.Problem.self) { try InputTemplate("not json") }
    }

    @Test("mixed: of every 20 starts 12 flat, 3 nested, 2 map, 3 callback; the others one kind")
    func mixedPattern() {
        var counts: [LoadKind: Int] = [:]
        for i in 0..<200 { counts[LoadScenario.mixed.kind(i), default: 0] += 1 }
        #expect(counts == [.flat: 120, .nested: 30, .map: 20, .callback: 30])
        #expect((0..<20).allSatisfy { LoadScenario.map.kind($0) == .map })
        let items = try? JSON(parsing: LoadScenario.map.input(3, kind: .map, shape: ScenarioShape(mapItems: 5)))
        #expect(items?["items"]?.arrayValue?.count == 5)
    }

    @Test("impossible sizes are refused before any load", arguments: [
        (ScenarioShape(fanOut: 0), "--fan-out"), (ScenarioShape(fanOut: 101), "--fan-out"),
        (ScenarioShape(mapItems: 0), "--map-items"), (ScenarioShape(mapItems: 10_001), "--map-items"),
        (ScenarioShape(callbackDelay: -1), "--callback-delay"), (ScenarioShape(callbackDelay: .nan), "--callback-delay"),
    ])
    func badShapes(shape: ScenarioShape, option: String) {
        #expect(shape.problem?.hasPrefix(option) == true)
        #expect(ScenarioShape().problem == nil)
    }

    @Test("the built-in definitions: children started .sync:2 with the parent's ID, retried on the limit with jitter")
    func definitions() throws {
        let child = "arn:aws:states:us-east-1:123456789012:stateMachine:c"
        let nested = ScenarioDefinitions.nested(child: child, fanOut: 4)
        let branches = try #require(nested["States"]?["FanOut"]?["Branches"]?.arrayValue)
        #expect(branches.count == 4)
        let start = try #require(branches[0]["States"]?["Start"])
        #expect(start["Resource"]?.stringValue == "arn:aws:states:::states:startExecution.sync:2")
        #expect(start["Parameters"]?["Input"]?["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"]?.stringValue == "$$.Execution.Id")
        let retry = try #require(start["Retry"]?.arrayValue?.first)
        #expect(retry["ErrorEquals"]?.arrayValue?.first?.stringValue == "StepFunctions.ExecutionLimitExceeded")
        #expect(retry["JitterStrategy"]?.stringValue == "FULL")
        let callback = ScenarioDefinitions.callback(child: child)
        #expect(callback["States"]?["Ask"]?["Resource"]?.stringValue == "arn:aws:states:::states:startExecution.waitForTaskToken")
    }

    @Test("a history's Task figures: queue wait and run per state, through TaskSubmitted and retries; limit refusals counted")
    func measureHistory() throws {
        func event(_ id: Int, _ type: String, _ previous: Int, _ ms: Int, _ extra: [(String, JSON)] = []) -> JSON {
            .object(JSONObject([("id", .int(id)), ("type", .string(type)), ("previousEventId", .int(previous)),
                                ("timestamp", .double(Double(1_700_000_000_000 + ms) / 1000))] + extra))
        }
        let entered = [("stateEnteredEventDetails", JSON.object(JSONObject([("name", .string("Start"))])))]
        let limit = [("taskFailedEventDetails", JSON.object(JSONObject([("error", .string("StepFunctions.ExecutionLimitExceeded"))])))]
        let events = [
            event(1, "ExecutionStarted", 0, 0),
            event(2, "TaskStateEntered", 1, 1, entered),
            event(3, "TaskScheduled", 2, 2),
            event(4, "TaskStarted", 3, 5),
            event(5, "TaskFailed", 4, 6, limit),
            event(6, "TaskScheduled", 5, 1006),
            event(7, "TaskStarted", 6, 1016),
            event(8, "TaskSubmitted", 7, 1017),
            event(9, "TaskSucceeded", 8, 1116),
        ]
        var figures = TaskFigures()
        HistorySample.measure(events, kind: .nested, into: &figures)
        #expect(figures.limitRetries == 1)
        #expect(Array(figures.run.keys) == ["nested/Start"])
        let wait = try #require(figures.queueWait["nested/Start"])
        let run = try #require(figures.run["nested/Start"])
        #expect(wait.totalCount == 2 && run.totalCount == 2)
        // Waits of 3 ms and 10 ms; runs of 1 ms and 100 ms (HdrHistogram keeps 3 significant digits).
        let ms = { (v: UInt64) -> UInt64 in (v + 500) / 1000 }
        #expect([ms(wait.min), ms(wait.max)] == [3, 10])
        #expect([ms(run.min), ms(run.max)] == [1, 100])
    }
}
