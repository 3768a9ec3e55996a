import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func describe(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await load(p.string("stateMachineArn"), caller, ctx)
        return ResponseShapes.stateMachine(machine)
    }
}
