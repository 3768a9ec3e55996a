import Foundation
import JSONValue
import Store
import Testing

@testable import API

@Suite("console graph and steps (pure)")
struct ConsoleGraphTests {
    static let definition = #"""
        {"StartAt": "Start", "States": {
          "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Next": "Check",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Boom"}]},
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": true, "Next": "Start"}], "Default": "Both"},
          "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Wait", "Seconds": 1, "Next": "Right2"}, "Right2": {"Type": "Pass", "End": true}}}]},
          "Done": {"Type": "Succeed"},
          "Boom": {"Type": "Fail", "Error": "E"}}}
        """#

    @Test("states in rows by their distance from StartAt; a Choice's loop back is a back edge; Parallel branches nest")
    func layout() throws {
        let graph = try #require(DefinitionGraph(definition: try JSON(parsing: Self.definition)))
        func node(_ name: String) throws -> DefinitionGraph.Node { try #require(graph.nodes.first { $0.name == name }) }
        #expect(try node("Start").y < node("Check").y)
        #expect(try node("Check").y < node("Both").y)
        #expect(try node("Both").y < node("Done").y)
        let names = graph.nodes.map { $0.name ?? $0.type }
        let loop = try #require(graph.edges.first { names[$0.from] == "Check" && names[$0.to] == "Start" })
        #expect(loop.back && loop.kind == .choice)
        #expect(graph.edges.contains { names[$0.from] == "Start" && names[$0.to] == "Boom" && $0.kind == .catchError && !$0.back })
        // The markers: Start above everything, End below; the end states lead to End.
        let start = try #require(graph.nodes.first { $0.type == "Start" && $0.name == nil })
        #expect(graph.nodes.allSatisfy { $0.name == nil || $0.y > start.y })
        #expect(Set(graph.edges.filter { names[$0.to] == "End" }.map { names[$0.from] }) == ["Done", "Boom"])
        let both = try node("Both")
        #expect(both.blocks.count == 2)
        #expect(both.blocks[1].nodes.map(\.name) == ["Right", "Right2"])
        #expect(both.width >= both.blocks[0].width + both.blocks[1].width)
        // No two nodes of a row overlap.
        for a in graph.nodes { for b in graph.nodes where a.name != b.name && a.y == b.y { #expect(a.x + a.width <= b.x || b.x + b.width <= a.x) } }
    }

    @Test("the SVG draws every state, nested ones too, classed by status, names escaped")
    func svg() throws {
        let graph = try #require(DefinitionGraph(definition: try JSON(parsing: #"{"StartAt":"<A>","States":{"<A>":{"Type":"Pass","Next":"B"},"B":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"In","States":{"In":{"Type":"Pass","End":true}}}}}}"#)))
        let svg = GraphSVG.render(graph, statuses: ["<A>": .succeeded, "In": .failed])
        #expect(svg.contains(#"<g class="state SUCCEEDED" data-state="&lt;A&gt;""#))
        #expect(svg.contains(#"<g class="state FAILED" data-state="In""#))
        #expect(svg.contains(#"<g class="state NOT_REACHED" data-state="B""#))
        #expect(!svg.contains("<A>"))
        #expect(DefinitionGraph(definition: .object(JSONObject())) == nil)
    }

    static func event(_ id: Int64, _ previous: Int64, _ type: String, _ details: String = "{}") -> HistoryEvent {
        // Stored as the API answers them: the details inside their `…EventDetails` member.
        let key = type.prefix(1).lowercased() + type.dropFirst().replacingOccurrences(of: "TaskState", with: "State").replacingOccurrences(of: "FailState", with: "State") + "EventDetails"
        return HistoryEvent(id: id, previousEventId: previous, timestamp: Date(timeIntervalSince1970: Double(id)), type: type, details: "{\"\(key)\":\(details)}")
    }

    @Test("each state's status from the history: succeeded, caught, failed; its child execution; each event's step")
    func steps() {
        let child = "arn:aws:states:us-east-1:123456789012:execution:child:c1"
        let output = JSON.object(JSONObject([("ExecutionArn", .string(child))])).serialized()
        let submitted = JSON.object(JSONObject([("output", .string(output))])).serialized()
        let events = [
            Self.event(1, 0, "ExecutionStarted"),
            Self.event(2, 1, "TaskStateEntered", #"{"name":"Start","input":"{\"a\":1}"}"#),
            Self.event(3, 2, "TaskScheduled"), Self.event(4, 3, "TaskStarted"), Self.event(5, 4, "TaskSubmitted", submitted),
            Self.event(6, 5, "TaskSucceeded"), Self.event(7, 6, "TaskStateExited", #"{"name":"Start","output":"{\"b\":2}"}"#),
            Self.event(8, 7, "TaskStateEntered", #"{"name":"Risky","input":"{}"}"#), Self.event(9, 8, "TaskScheduled"),
            Self.event(10, 9, "TaskFailed", #"{"error":"E","cause":"c"}"#), Self.event(11, 10, "TaskStateExited", #"{"name":"Risky","output":"{}"}"#),
            Self.event(12, 11, "FailStateEntered", #"{"name":"Boom","input":"{}"}"#), Self.event(13, 12, "ExecutionFailed", #"{"error":"E"}"#),
        ]
        let steps = ExecutionSteps(events: events, executionStatus: .failed)
        #expect(steps.statuses == ["Start": .succeeded, "Risky": .caught, "Boom": .failed])
        #expect(steps.steps["Start"]?.childArn == child)
        #expect(steps.steps["Start"]?.input == #"{"a":1}"# && steps.steps["Start"]?.output == #"{"b":2}"#)
        #expect(steps.steps["Risky"]?.error == "E" && steps.steps["Risky"]?.cause == "c")
        #expect(steps.eventSteps[10] == "Risky" && steps.eventSteps[5] == "Start" && steps.eventSteps[1] == nil)
        // The same history while the execution still runs its last state.
        let running = ExecutionSteps(events: Array(events.prefix(12)), executionStatus: .running)
        #expect(running.statuses["Boom"] == .running)
        #expect(ExecutionSteps(events: Array(events.prefix(9)), executionStatus: .aborted).statuses["Risky"] == .stopped)
    }
}
