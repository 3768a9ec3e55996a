import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func delete(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let arn = try p.string("stateMachineArn")
        let parsed = try NameRules.parse(arn, type: "stateMachine")
        guard parsed.account == caller.account, parsed.rest == nil else { return .object(JSONObject()) }
        defer { ctx.machines.forget(arn) }
        do {
            try await ctx.store.deleteStateMachine(arn: arn)
        } catch let error as StoreError where error == .notFound {
            // AWS answers DeleteStateMachine on a missing machine with success.
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        return .object(JSONObject())
    }
}
