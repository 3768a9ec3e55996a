import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func list(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await StateMachineActions.load(p.string("stateMachineArn"), caller, ctx)
        var status: ExecutionRecord.Status? = nil
        if let filter = try p.optionalString("statusFilter") {
            guard let s = ExecutionRecord.Status(rawValue: filter), filter != "PENDING_REDRIVE" else {
                throw .validation("1 validation error detected: Value '\(filter)' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [ABORTED, PENDING_REDRIVE, SUCCEEDED, FAILED, RUNNING, TIMED_OUT]")
            }
            status = s
        }
        let limit = try p.maxResults()
        let scope = "executions:\(machine.arn):\(status?.rawValue ?? "")"
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: scope)
        let page = try await ctx.store {
            try await ctx.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn), status: status), page: PageRequest(limit: limit, token: position))
        }
        var o = JSONObject([("executions", .array(page.items.map(ResponseShapes.executionListItem)))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: scope)) }
        return .object(o)
    }
}
