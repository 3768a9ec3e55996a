import ASL
import Coordinator
import JSONValue
import Store

extension TagActions {
    static func untag(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try await resource(p.string("resourceArn"), caller, ctx)
        guard let keys = p.object["tagKeys"]?.arrayValue?.compactMap(\.stringValue) else {
            throw .validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
        }
        try await ctx.store { try await ctx.store.untagResource(arn: arn, keys: keys) }
        if keys.contains(where: { $0.hasPrefix("stepwise:") }) { try await limitsChanged(arn, ctx) }
        return .object(JSONObject())
    }
}
