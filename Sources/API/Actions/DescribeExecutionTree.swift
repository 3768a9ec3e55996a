import ASL
import Coordinator
import JSONValue
import Store

extension TreeActions {
    static func describe(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await ExecutionActions.load(p.string("executionArn"), caller, ctx)
        let ancestors = try await ctx.store { try await ctx.store.ancestors(of: execution.arn) }
        let children = try await ctx.store { try await ctx.store.children(of: execution.arn) }
        var o = JSONObject([("execution", ResponseShapes.executionListItem(execution))])
        if let parent = ancestors.first { o["parent"] = ResponseShapes.executionListItem(parent) }
        o["root"] = ResponseShapes.executionListItem(ancestors.last ?? execution)
        o["children"] = .array(children.map(ResponseShapes.executionListItem))
        return .object(o)
    }
}
