import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func stop(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let error = try p.optionalString("error")
        let cause = try p.optionalString("cause")
        try p.checkLength("error", error, 0...256)
        try p.checkLength("cause", cause, 0...32768)
        // A queued execution stops where it is (it never started); if it has just started, it is
        // stopped as a running one.
        if execution.status == .pending,
           try await ctx.store({ try await ctx.launcher.abortPending(execution.arn, error: error, cause: cause) }) {
            let stopped = try await ctx.store { try await ctx.store.getExecution(arn: execution.arn) }
            return .object(JSONObject([("stopDate", ResponseShapes.date(stopped.stopDate ?? Date()))]))
        }
        guard execution.status == .running || execution.status == .pending else {
            return .object(JSONObject([("stopDate", ResponseShapes.date(execution.stopDate ?? Date()))]))
        }
        // StopExecution answers once the execution has ended: its coordinator's commit wakes this
        // request when this process owns the execution's shard; when another process does, the
        // store is read at growing intervals (10 ms doubling to 1 s).
        let waiter = ctx.launcher.watchEnd(of: execution.arn)
        defer { waiter.cancel() }
        try await ctx.signal(ExecutionSignal(executionArn: execution.arn, kind: .stop, error: error, cause: cause))
        let deadline = ContinuousClock.now + .seconds(10)
        var step = ctx.launcher.owns(execution.arn) ? Duration.seconds(1) : .milliseconds(10)
        while ContinuousClock.now < deadline {
            _ = await waiter.wait(timeout: min(step, deadline - ContinuousClock.now))
            let now = try await ctx.store { try await ctx.store.getExecution(arn: execution.arn) }
            if let stop = now.stopDate, now.status != .running { return .object(JSONObject([("stopDate", ResponseShapes.date(stop))])) }
            step = min(step * 2, .seconds(1))
        }
        return .object(JSONObject([("stopDate", ResponseShapes.date(Date()))]))
    }
}
