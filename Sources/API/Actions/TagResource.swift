import ASL
import JSONValue
import Store

extension TagActions {
    static func tag(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try await resource(p.string("resourceArn"), caller, ctx)
        try await apply(p.object["tags"] ?? .array([]), to: arn, ctx)
        return .object(JSONObject())
    }
}
