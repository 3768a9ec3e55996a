import ASL
import Foundation
import JSONValue
import Store

extension ActivityActions {
    static func describe(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let activity = try await load(p.string("activityArn"), caller, ctx)
        return .object(JSONObject([("activityArn", .string(activity.arn)), ("name", .string(activity.name)),
                                   ("creationDate", ResponseShapes.date(activity.creationDate))]))
    }
}
