import ASL
import JSONValue
import Store

extension TagActions {
    static func list(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try await resource(p.string("resourceArn"), caller, ctx)
        let tags = try await ctx.store { try await ctx.store.tags(resourceArn: arn) }
        return .object(JSONObject([("tags", .array(tags.map { JSON.object(JSONObject([("key", .string($0.key)), ("value", .string($0.value))])) }))]))
    }
}
