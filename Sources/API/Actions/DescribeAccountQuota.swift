import ASL
import Coordinator
import Foundation
import JSONValue
import Store

extension QuotaActions {
    static func describe(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limits = ctx.quotas.limits(caller.account)
        let open = try await ctx.store { try await ctx.store.openExecutionCount(account: caller.account) }
        let tokens = try await ctx.store { try await ctx.store.startTokens(account: caller.account, bucket: limits.bucket, now: Date()) }
        return .object(JSONObject([
            ("account", .string(caller.account)), ("openExecutions", .int(open)), ("maxOpenExecutions", .int(limits.maxOpen)),
            ("nestedReserve", .int(limits.nestedReserve)),
            ("startBucket", .object(JSONObject([("size", .int(limits.startBucket)), ("refillPerSecond", .double(limits.startRefill)),
                                                ("tokens", .double((tokens * 1000).rounded(.down) / 1000))]))),
        ]))
    }
}
