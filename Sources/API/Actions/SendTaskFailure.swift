import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension TaskActions {
    static func failure(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let (token, arn) = try await execution(p, caller, ctx)
        let error = try p.optionalString("error")
        let cause = try p.optionalString("cause")
        try p.checkLength("error", error, 0...256)
        try p.checkLength("cause", cause, 0...32768)
        try await ctx.signal(ExecutionSignal(executionArn: arn, kind: .taskFailure, taskKey: token, error: error, cause: cause))
        return .object(JSONObject())
    }
}
