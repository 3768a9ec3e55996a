import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func describe(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        ResponseShapes.execution(try await load(p.string("executionArn"), caller, ctx))
    }
}
