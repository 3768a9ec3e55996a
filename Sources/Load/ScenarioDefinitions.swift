import Foundation
import JSONValue

/// The state machines of the built-in scenarios, as Amazon States Language.
enum ScenarioDefinitions {
    /// The stock worker's `echo` function.
    static func echo(region: String) -> String { "arn:aws:lambda:\(region):123456789012:function:echo" }

    static func flat(region: String) -> JSON {
        let task = { (next: String?) -> JSON in
            var state = JSONObject([("Type", .string("Task")), ("Resource", .string(echo(region: region)))])
            if let next { state["Next"] = .string(next) } else { state["End"] = .bool(true) }
            return .object(state)
        }
        return machine(start: "A", states: [("A", task("B")), ("B", task("C")), ("C", task(nil))], comment: "flat")
    }

    /// What `nested` and `map` children run: one `echo` Task.
    static func child(region: String) -> JSON {
        let work = JSON.object(JSONObject([("Type", .string("Task")), ("Resource", .string(echo(region: region))), ("End", .bool(true))]))
        return machine(start: "Work", states: [("Work", work)], comment: "child")
    }

    /// What `callback` starts and waits on: it only carries the token in its input.
    static func callbackChild() -> JSON {
        machine(start: "Done", states: [("Done", .object(JSONObject([("Type", .string("Pass")), ("End", .bool(true))])))], comment: "callback child")
    }

    static func nested(child: String, fanOut: Int) -> JSON {
        let branches = (0..<fanOut).map { k -> JSON in
            .object(JSONObject([("StartAt", .string("Start")), ("States", .object(JSONObject([("Start", startChild(child, input: [("branch", .int(k))]))])))]))
        }
        let parallel = JSON.object(JSONObject([("Type", .string("Parallel")), ("Branches", .array(branches)), ("End", .bool(true))]))
        return machine(start: "FanOut", states: [("FanOut", parallel)], comment: "nested")
    }

    static func map(child: String) -> JSON {
        let processor = JSON.object(JSONObject([
            ("StartAt", .string("Start")), ("States", .object(JSONObject([("Start", startChild(child, input: [("item.$", .string("$"))]))]))),
        ]))
        let map = JSON.object(JSONObject([
            ("Type", .string("Map")), ("ItemsPath", .string("$.items")), ("ItemProcessor", processor), ("End", .bool(true)),
        ]))
        return machine(start: "Each", states: [("Each", map)], comment: "map")
    }

    static func callback(child: String) -> JSON {
        let ask = JSON.object(JSONObject([
            ("Type", .string("Task")), ("Resource", .string("arn:aws:states:::states:startExecution.waitForTaskToken")),
            ("Parameters", .object(JSONObject([
                ("StateMachineArn", .string(child)),
                ("Name.$", .string("States.Format('{}-cb', $$.Execution.Name)")),
                ("Input", .object(JSONObject([
                    ("token.$", .string("$$.Task.Token")),
                    ("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$", .string("$$.Execution.Id")),
                ]))),
            ]))),
            ("Retry", limitRetry), ("End", .bool(true)),
        ]))
        return machine(start: "Ask", states: [("Ask", ask)], comment: "callback")
    }

    /// A `.sync:2` start of `child`, retried while the account is at its limit.
    private static func startChild(_ child: String, input: [(String, JSON)]) -> JSON {
        var fields = JSONObject(input)
        fields["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"] = .string("$$.Execution.Id")
        return .object(JSONObject([
            ("Type", .string("Task")), ("Resource", .string("arn:aws:states:::states:startExecution.sync:2")),
            ("Parameters", .object(JSONObject([("StateMachineArn", .string(child)), ("Input", .object(fields))]))),
            ("OutputPath", .string("$.Output")), ("Retry", limitRetry), ("End", .bool(true)),
        ]))
    }

    /// Retry on the account's limit: 1 s, growing by half up to 4 s, for about 10 minutes; full
    /// jitter, so that children refused together do not all come back together.
    private static let limitRetry = JSON.array([.object(JSONObject([
        ("ErrorEquals", .array([.string("StepFunctions.ExecutionLimitExceeded")])),
        ("IntervalSeconds", .int(1)), ("BackoffRate", .double(1.5)), ("MaxDelaySeconds", .int(4)), ("MaxAttempts", .int(300)),
        ("JitterStrategy", .string("FULL")),
    ]))])

    private static func machine(start: String, states: [(String, JSON)], comment: String) -> JSON {
        .object(JSONObject([
            ("Comment", .string("stepwise load: \(comment)")), ("StartAt", .string(start)), ("States", .object(JSONObject(states))),
        ]))
    }
}
