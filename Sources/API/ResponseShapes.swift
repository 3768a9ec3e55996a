import ASL
import Foundation
import JSONValue
import Store

/// Store records as the API's JSON shapes (timestamps as epoch seconds).
enum ResponseShapes {
    static func date(_ d: Date) -> JSON { .double((d.timeIntervalSince1970 * 1000).rounded() / 1000) }

    static func stateMachine(_ m: StateMachineRecord) -> JSON {
        .object(JSONObject([
            ("stateMachineArn", .string(m.arn)), ("name", .string(m.name)), ("status", .string(m.status.rawValue)),
            ("definition", .string(m.definition)), ("roleArn", .string(m.roleArn)), ("type", .string(m.kind.rawValue)),
            ("creationDate", date(m.creationDate)),
            ("loggingConfiguration", .object(JSONObject([("level", .string("OFF")), ("includeExecutionData", .bool(false))]))),
            ("tracingConfiguration", .object(JSONObject([("enabled", .bool(false))]))),
            ("revisionId", .string(m.revisionId)),
        ]))
    }

    static func stateMachineListItem(_ m: StateMachineRecord) -> JSON {
        .object(JSONObject([("stateMachineArn", .string(m.arn)), ("name", .string(m.name)), ("type", .string(m.kind.rawValue)),
                            ("creationDate", date(m.creationDate))]))
    }

    static func execution(_ e: ExecutionRecord) -> JSON {
        var o = JSONObject([
            ("executionArn", .string(e.arn)), ("stateMachineArn", .string(e.stateMachineArn)), ("name", .string(e.name)),
            ("status", .string(e.status.rawValue)), ("startDate", date(e.startDate)),
        ])
        if let stop = e.stopDate { o["stopDate"] = date(stop) }
        o["input"] = .string(e.input)
        o["inputDetails"] = .object(JSONObject([("included", .bool(true))]))
        if let output = e.output {
            o["output"] = .string(output)
            o["outputDetails"] = .object(JSONObject([("included", .bool(true))]))
        }
        if let error = e.error { o["error"] = .string(error) }
        if let cause = e.cause { o["cause"] = .string(cause) }
        o["redriveCount"] = .int(0)
        o["redriveStatus"] = .string(e.status == .running || e.status == .succeeded ? "NOT_REDRIVABLE" : "NOT_REDRIVABLE")
        return .object(o)
    }

    static func executionListItem(_ e: ExecutionRecord) -> JSON {
        var o = JSONObject([
            ("executionArn", .string(e.arn)), ("stateMachineArn", .string(e.stateMachineArn)), ("name", .string(e.name)),
            ("status", .string(e.status.rawValue)), ("startDate", date(e.startDate)),
        ])
        if let stop = e.stopDate { o["stopDate"] = date(stop) }
        return .object(o)
    }

    /// A history event; `details` holds `{"<type>EventDetails": {...}}` as written by the coordinator.
    static func event(_ e: Store.HistoryEvent, includeData: Bool) -> JSON {
        var o = JSONObject([("timestamp", date(e.timestamp)), ("type", .string(e.type)), ("id", .int(Int(e.id))),
                            ("previousEventId", .int(Int(e.previousEventId)))])
        if let details = (try? JSON(parsing: e.details))?.objectValue {
            for (key, value) in details {
                guard includeData, var inner = value.objectValue else {
                    if var inner = value.objectValue {
                        for field in ["input", "output", "parameters"] { inner[field] = nil }
                        o[key] = .object(inner)
                    } else {
                        o[key] = value
                    }
                    continue
                }
                inner.reserveCapacity(inner.count)
                o[key] = .object(inner)
            }
        }
        return .object(o)
    }
}
