import ASL
import Foundation
import JSONValue
import Store

extension ActivityActions {
    static func create(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let name = try p.string("name")
        try NameRules.checkName(name)
        let arn = NameRules.activityArn(region: ctx.region, account: caller.account, name: name)
        let tags = try TagActions.parse(p.object["tags"], for: arn)
        let record = ActivityRecord(arn: arn, account: caller.account, name: name, creationDate: Date())
        // AWS: creating an existing activity returns it (CreateActivity is idempotent).
        let stored = try await ctx.store { try await ctx.store.createActivity(record) }
        try await TagActions.store(tags, on: arn, ctx)
        return .object(JSONObject([("activityArn", .string(stored.arn)), ("creationDate", ResponseShapes.date(stored.creationDate))]))
    }
}
