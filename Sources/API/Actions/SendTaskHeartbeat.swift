import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension TaskActions {
    static func heartbeat(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let (token, arn) = try await execution(p, caller, ctx)
        try await ctx.signal(ExecutionSignal(executionArn: arn, kind: .taskHeartbeat, taskKey: token))
        return .object(JSONObject())
    }
}
