import ASL
import Foundation
import JSONValue
import Store

extension ActivityActions {
    static func delete(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("activityArn")
        let parsed = try NameRules.parse(arn, type: "activity")
        guard parsed.account == caller.account, parsed.rest == nil else { return .object(JSONObject()) }
        try await ctx.store { try await ctx.store.deleteActivity(arn: arn) }
        return .object(JSONObject())
    }
}
