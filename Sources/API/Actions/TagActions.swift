import ASL
import Coordinator
import JSONValue
import Store

/// TagResource, UntagResource, ListTagsForResource, on the caller's state machines and activities.
enum TagActions {
    /// Adds `tags` (`[{"key", "value"}]`, AWS's limits: 50 per resource, keys 1–128, values 0–256).
    static func apply(_ value: JSON?, to arn: String, _ ctx: APIContext) async throws(APIError) {
        try await store(parse(value, for: arn), on: arn, ctx)
    }

    /// The tags of a request, checked (AWS's limits, and Stepwise's limit tags, which only a state
    /// machine takes) before anything is written.
    static func parse(_ value: JSON?, for arn: String) throws(APIError) -> [ResourceTag] {
        guard let value, !value.isNull else { return [] }
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
        let limitTags = tags.filter { $0.key.hasPrefix("stepwise:") }
        if !limitTags.isEmpty {
            guard (try? NameRules.parse(arn, type: "stateMachine")) != nil else {
                throw .validation("Stepwise tags (\(limitTags[0].key)) set limits on a state machine; '\(arn)' is not one")
            }
            do {
                _ = try StateMachineLimits(tags: limitTags)
            } catch {
                throw .validation(error.message)
            }
        }
        return tags
    }

    /// Stores checked tags; a change of a state machine's limits takes effect at once in this process.
    static func store(_ tags: [ResourceTag], on arn: String, _ ctx: APIContext) async throws(APIError) {
        guard !tags.isEmpty else { return }
        let existing = try await ctx.store { try await ctx.store.tags(resourceArn: arn) }
        let keys = Set(existing.map(\.key)).union(tags.map(\.key))
        guard keys.count <= 50 else {
            throw APIError("TooManyTags", "Too many tags: '\(arn)' would have \(keys.count), the limit is 50", status: 400)
        }
        try await ctx.store { try await ctx.store.tagResource(arn: arn, tags: tags) }
        if tags.contains(where: { $0.key.hasPrefix("stepwise:") }) { try await limitsChanged(arn, ctx) }
    }

    /// A state machine's limit tags changed: this process reads them again, executions already
    /// running count against a new `stepwise:maxOpen`, and its queue is tried (a raised or removed
    /// limit may let queued starts go).
    static func limitsChanged(_ arn: String, _ ctx: APIContext) async throws(APIError) {
        try await ctx.store { try await ctx.launcher.limitsChanged(stateMachineArn: arn) }
    }

    /// The caller's state machine or activity; anything else does not exist.
    static func resource(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> String {
        let missing = APIError("ResourceNotFound", "Resource not found: '\(arn)'")
        if (try? NameRules.parse(arn, type: "stateMachine")) != nil {
            // The tag actions answer ResourceNotFound (botocore's model lists no StateMachineDoesNotExist for them).
            do {
                return try await StateMachineActions.load(arn, caller, ctx).arn
            } catch let error where error.code == "StateMachineDoesNotExist" {
                throw missing
            }
        }
        if (try? NameRules.parse(arn, type: "activity")) != nil {
            let parsed = try NameRules.parse(arn, type: "activity")
            guard parsed.account == caller.account else { throw missing }
            return try await ctx.fetch(missing) { try await ctx.store.getActivity(arn: arn) }.arn
        }
        throw .invalidArn(arn)
    }
}
