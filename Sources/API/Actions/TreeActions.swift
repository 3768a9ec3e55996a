import ASL
import Coordinator
import Store

/// `Stepwise.DescribeExecutionTree`: an execution with its parent, its root and its children
/// (each with its status), for walking trees of nested executions both ways.
enum TreeActions {
    static func describe(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await ExecutionActions.load(p.string("executionArn"), caller, ctx)
        let ancestors = try await ctx.store { try await ctx.store.ancestors(of: execution.arn) }
        let children = try await ctx.store { try await ctx.store.children(of: execution.arn) }
        var o = JSONObject([("execution", Shapes.executionListItem(execution))])
        if let parent = ancestors.first { o["parent"] = Shapes.executionListItem(parent) }
        o["root"] = Shapes.executionListItem(ancestors.last ?? execution)
        o["children"] = .array(children.map(Shapes.executionListItem))
        return .object(o)
    }
}

/// `Stepwise.DescribeAccountQuota`: how close the caller's account runs to its limits.
enum QuotaActions {
    static func describe(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limits = ctx.quotas.limits(caller.account)
        let open = try await ctx.store { try await ctx.store.openExecutionCount(account: caller.account) }
        return .object(JSONObject([
            ("account", .string(caller.account)), ("openExecutions", .int(open)), ("maxOpenExecutions", .int(limits.maxOpen)),
            ("nestedReserve", .int(limits.nestedReserve)),
            ("startBucket", .object(JSONObject([("size", .int(limits.startBucket)), ("refillPerSecond", .double(limits.startRefill)),
                                                ("tokens", .double((ctx.throttle.level(account: caller.account) * 1000).rounded(.down) / 1000))]))),
        ]))
    }
}
