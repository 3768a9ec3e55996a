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
            ("stateMachineLimits", .array(try await stateMachineLimits(caller, ctx))),
        ]))
    }

    /// A state machine with limits, and its counts (open and queued under `stepwise:maxOpen`).
    struct LimitedMachine {
        var arn: String
        var limits: StateMachineLimits
        var count: ScopeCount
    }

    /// The account's state machines that have limits (``StateMachineLimits``, read from their tags in
    /// one store read), each with its open and queued executions.
    static func limitedMachines(account: String, _ ctx: APIContext) async throws -> [LimitedMachine] {
        let tagged = try await ctx.store.stateMachineTags(account: account, keyPrefix: "stepwise:")
        let limited = tagged.sorted { $0.key < $1.key }.compactMap { arn, tags in
            (try? StateMachineLimits(tags: tags)).flatMap { $0.isEmpty ? nil : (arn, $0) }
        }
        let counts = try await ctx.store.scopeCounts(limited.map { ExecutionLimits.stateMachineScope($0.0) })
        return zip(limited, counts).map { LimitedMachine(arn: $0.0, limits: $0.1, count: $1) }
    }

    static func stateMachineLimits(_ caller: Caller, _ ctx: APIContext) async throws(APIError) -> [JSON] {
        try await ctx.store { try await limitedMachines(account: caller.account, ctx) }.map { entry in
            var o = JSONObject([("stateMachineArn", .string(entry.arn))])
            if let max = entry.limits.maxOpen {
                // Counted in the machine's scope, which exists only under its own limit.
                o["maxOpenExecutions"] = .int(max)
                o["openExecutions"] = .int(entry.count.open)
                o["pendingExecutions"] = .int(entry.count.pending)
            }
            if let max = entry.limits.maxOpenPerTree { o["maxOpenPerTree"] = .int(max) }
            o["onLimit"] = .string(entry.limits.queues ? "queue" : "fail")
            return .object(o)
        }
    }
}
