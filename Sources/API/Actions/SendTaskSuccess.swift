import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension TaskActions {
    static func success(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let (token, arn) = try await execution(p, caller, ctx)
        let output = try p.string("output")
        guard output.utf8.count <= ExecutionActions.maximumPayload else {
            throw .validation("1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144")
        }
        guard (try? JSON(parsing: output)) != nil else {
            throw APIError("InvalidOutput", "Invalid Output: 'make sure output is a valid json string.Output received: \(output)'")
        }
        try await ctx.signal(ExecutionSignal(executionArn: arn, kind: .taskSuccess, taskKey: token, output: output))
        return .object(JSONObject())
    }
}
