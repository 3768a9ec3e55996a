import Foundation
import JSONValue
import Store

/// What happened to a state in an execution, as the console's graph colours it.
enum StepStatus: String, Equatable {
    case succeeded = "SUCCEEDED"
    /// It failed and a Catch took the error on.
    case caught = "CAUGHT"
    case failed = "FAILED"
    case running = "RUNNING"
    /// Left unfinished by an execution that was stopped or timed out.
    case stopped = "STOPPED"
}

/// An execution's history read state by state (pure): each state's status, last input and output,
/// error, and the child execution a `states:startExecution` Task started; and the state ("Step")
/// each event belongs to, found through its `previousEventId` chain back to a `…StateEntered`.
struct ExecutionSteps {
    struct Step: Equatable {
        var status: StepStatus
        var input: String?
        var output: String?
        var error: String?
        var cause: String?
        /// How many times it was entered (a Map's iterations, a loop).
        var entered = 0
        /// The last execution it started (`states:startExecution`).
        var childArn: String?
    }

    var steps: [String: Step] = [:]
    /// The step of each event, by event id.
    var eventSteps: [Int64: String] = [:]

    init(events: [HistoryEvent], executionStatus: ExecutionRecord.Status) {
        var open: [String] = []  // entered and not exited, in entry order
        for event in events {
            let type = event.type
            let step: String?
            if type.hasSuffix("StateEntered") || type.hasSuffix("StateExited") {
                let details = Self.details(event)
                step = details?["name"]?.stringValue
                if let name = step {
                    if type.hasSuffix("StateEntered") {
                        var s = steps[name] ?? Step(status: .running)
                        s.status = .running
                        s.input = details?["input"]?.stringValue
                        s.entered += 1
                        steps[name] = s
                        open.append(name)
                    } else {
                        let failed = steps[name]?.status == .failed
                        steps[name]?.status = failed ? .caught : .succeeded
                        steps[name]?.output = details?["output"]?.stringValue
                        if let i = open.lastIndex(of: name) { open.remove(at: i) }
                    }
                }
            } else {
                step = eventSteps[event.previousEventId] ?? open.last
            }
            guard let name = step else { continue }
            eventSteps[event.id] = name
            if !type.hasPrefix("Execution") && (type.hasSuffix("Failed") || type.hasSuffix("TimedOut")) {
                let details = Self.details(event)
                steps[name]?.status = .failed
                steps[name]?.error = details?["error"]?.stringValue
                steps[name]?.cause = details?["cause"]?.stringValue
            }
            if (type == "TaskSubmitted" || type == "TaskSucceeded"), event.details.contains("ExecutionArn"),
               let output = Self.details(event)?["output"]?.stringValue,
               let child = (try? JSON(parsing: output))?["ExecutionArn"]?.stringValue {
                steps[name]?.childArn = child
            }
        }
        // States left open when the execution ended failed with it (a Fail state, an uncaught
        // error) or were stopped with it.
        guard executionStatus.isTerminal else { return }
        for name in open where steps[name]?.status == .running {
            steps[name]?.status = executionStatus == .failed ? .failed : .stopped
        }
    }

    var statuses: [String: StepStatus] { steps.mapValues(\.status) }

    /// An event's details: the object inside its one `…EventDetails` member, as stored.
    static func details(_ event: HistoryEvent) -> JSON? {
        guard let json = try? JSON(parsing: event.details) else { return nil }
        if let o = json.objectValue, o.count == 1, let key = o.keys.first, key.hasSuffix("EventDetails") { return o[key] }
        return json
    }
}
