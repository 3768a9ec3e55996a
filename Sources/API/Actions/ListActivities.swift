import ASL
import Foundation
import JSONValue
import Store

extension ActivityActions {
    static func list(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limit = try p.maxResults()
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: "activities")
        let page = try await ctx.store { try await ctx.store.listActivities(account: caller.account, page: PageRequest(limit: limit, token: position)) }
        let items = page.items.map { a in
            JSON.object(JSONObject([("activityArn", .string(a.arn)), ("name", .string(a.name)), ("creationDate", ResponseShapes.date(a.creationDate))]))
        }
        var o = JSONObject([("activities", .array(items))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: "activities")) }
        return .object(o)
    }
}
