import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func validate(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let definition = try p.string("definition")
        try p.checkLength("definition", definition, 1...1_048_576)
        let kind = try type(p.optionalString("type"))
        let maxResults = try p.optionalInt("maxResults") ?? 100
        let severity = try p.optionalString("severity") ?? "ERROR"
        var diagnostics = StateMachineDefinition.validate(definition, type: kind == .express ? .express : .standard)
        if severity == "ERROR" { diagnostics = diagnostics.filter { $0.severity == .error } }
        let truncated = diagnostics.count > maxResults
        let shown = diagnostics.prefix(maxResults).map { d in
            JSON.object(JSONObject([("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
                                    ("message", .string(d.message)), ("location", .string(d.location))]))
        }
        let ok = !diagnostics.contains { $0.severity == .error }
        return .object(JSONObject([("result", .string(ok ? "OK" : "FAIL")), ("diagnostics", .array(Array(shown))),
                                   ("truncated", .bool(truncated))]))
    }
}
