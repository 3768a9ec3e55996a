import ASL
import JSONValue
import Store

/// TagResource, UntagResource, ListTagsForResource, on the caller's state machines and activities.
enum TagActions {
    /// Adds `tags` (`[{"key", "value"}]`, AWS's limits: 50 per resource, keys 1–128, values 0–256).
    static func apply(_ value: JSON?, to arn: String, _ ctx: APIContext) async throws(APIError) {
        guard let value, !value.isNull else { return }
        guard let list = value.arrayValue else { throw APIError("SerializationException", "Expected a list for 'tags'") }
        var tags: [ResourceTag] = []
        for item in list {
            guard let key = item["key"]?.stringValue, (1...128).contains(key.count) else {
                throw .validation("1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128")
            }
            let v = item["value"]?.stringValue ?? ""
            guard v.count <= 256 else {
                throw .validation("1 validation error detected: Value at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256")
            }
            tags.append(ResourceTag(key: key, value: v))
        }
        let existing = try await ctx.store { try await ctx.store.tags(resourceArn: arn) }
        let keys = Set(existing.map(\.key)).union(tags.map(\.key))
        guard keys.count <= 50 else {
            throw APIError("TooManyTags", "Too many tags: '\(arn)' would have \(keys.count), the limit is 50", status: 400)
        }
        try await ctx.store { try await ctx.store.tagResource(arn: arn, tags: tags) }
    }

    /// The caller's state machine or activity; anything else does not exist.
    static func resource(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> String {
        let missing = APIError("ResourceNotFound", "Resource not found: '\(arn)'")
        if (try? NameRules.parse(arn, type: "stateMachine")) != nil {
            let machine = try await StateMachineActions.load(arn, caller, ctx)
            return machine.arn
        }
        if (try? NameRules.parse(arn, type: "activity")) != nil {
            let parsed = try NameRules.parse(arn, type: "activity")
            guard parsed.account == caller.account else { throw missing }
            return try await ctx.fetch(missing) { try await ctx.store.getActivity(arn: arn) }.arn
        }
        throw .invalidArn(arn)
    }
}
