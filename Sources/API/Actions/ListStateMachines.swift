import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func list(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let limit = try p.maxResults()
        let position = try PageToken.decode(p.optionalString("nextToken"), account: caller.account, scope: "stateMachines")
        let page = try await ctx.store { try await ctx.store.listStateMachines(account: caller.account, page: PageRequest(limit: limit, token: position)) }
        var o = JSONObject([("stateMachines", .array(page.items.map(ResponseShapes.stateMachineListItem)))])
        if let next = page.nextToken { o["nextToken"] = .string(PageToken.encode(next, account: caller.account, scope: "stateMachines")) }
        return .object(o)
    }
}
