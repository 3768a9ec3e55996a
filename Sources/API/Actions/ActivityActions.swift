import ASL
import Foundation
import Store

/// CreateActivity, DescribeActivity, DeleteActivity, ListActivities.
enum ActivityActions {
    static func create(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let name = try p.string("name")
        try Names.checkName(name)
        let arn = Names.activityArn(region: ctx.region, account: caller.account, name: name)
        let record = ActivityRecord(arn: arn, account: caller.account, name: name, creationDate: Date())
        // AWS: creating an existing activity returns it (CreateActivity is idempotent).
        let stored = try await ctx.store { try await ctx.store.createActivity(record) }
        try await TagActions.apply(p.object["tags"], to: arn, ctx)
        return .object(JSONObject([("activityArn", .string(stored.arn)), ("creationDate", Shapes.date(stored.creationDate))]))
    }

    static func describe(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let activity = try await load(p.string("activityArn"), caller, ctx)
        return .object(JSONObject([("activityArn", .string(activity.arn)), ("name", .string(activity.name)),
                                   ("creationDate", Shapes.date(activity.creationDate))]))
    }

    static func delete(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("activityArn")
        let parsed = try Names.parse(arn, type: "activity")
        guard parsed.account == caller.account, parsed.rest == nil else { return .object(JSONObject()) }
        try await ctx.store { try await ctx.store.deleteActivity(arn: arn) }
        return .object(JSONObject())
    }

    static func list(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limit = try p.maxResults()
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: "activities")
        let page = try await ctx.store { try await ctx.store.listActivities(account: caller.account, page: PageRequest(limit: limit, token: position)) }
        let items = page.items.map { a in
            JSON.object(JSONObject([("activityArn", .string(a.arn)), ("name", .string(a.name)), ("creationDate", Shapes.date(a.creationDate))]))
        }
        var o = JSONObject([("activities", .array(items))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: "activities")) }
        return .object(o)
    }

    static func load(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> ActivityRecord {
        let parsed = try Names.parse(arn, type: "activity")
        let missing = APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
        guard parsed.account == caller.account, parsed.rest == nil else { throw missing }
        return try await ctx.fetch(missing) { try await ctx.store.getActivity(arn: arn) }
    }

    static func requireExists(_ arn: String, _ ctx: APIContext) async throws(APIError) {
        _ = try await ctx.fetch(APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")) {
            try await ctx.store.getActivity(arn: arn)
        }
    }
}
