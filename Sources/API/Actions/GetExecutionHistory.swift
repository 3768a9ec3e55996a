import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func history(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let limit = try p.maxResults()
        let reverse = try p.bool("reverseOrder", default: false)
        let includeData = try p.bool("includeExecutionData", default: true)
        let scope = "history:\(execution.arn):\(reverse)"
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: scope)
        var after: Int64? = nil
        if let position {
            guard let n = Int64(position) else { throw .invalidToken() }
            after = n
        }
        let events = try await ctx.store {
            try await ctx.store.history(HistoryQuery(executionArn: execution.arn, after: after, limit: limit + 1, reverse: reverse))
        }
        let shown = events.prefix(limit)
        var o = JSONObject([("events", .array(shown.map { ResponseShapes.event($0, includeData: includeData) }))])
        if events.count > limit, let last = shown.last {
            o["nextToken"] = .string(PageToken.encode(String(last.id), account: caller.account, scope: scope))
        }
        return .object(o)
    }
}
