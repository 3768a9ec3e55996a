import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func describeStateMachine(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let execution = try await load(p.string("executionArn"), caller, ctx)
        let revision = try await ctx.store {
            try await ctx.store.getStateMachineRevision(arn: execution.stateMachineArn, revisionId: execution.stateMachineRevisionId)
        }
        return .object(JSONObject([
            ("stateMachineArn", .string(execution.stateMachineArn)),
            ("name", .string(ARNs.stateMachineName(of: execution.stateMachineArn))),
            ("definition", .string(revision.definition)), ("roleArn", .string(revision.roleArn)),
            ("updateDate", ResponseShapes.date(revision.creationDate)), ("revisionId", .string(revision.revisionId)),
            ("loggingConfiguration", .object(JSONObject([("level", .string("OFF")), ("includeExecutionData", .bool(false))]))),
            ("tracingConfiguration", .object(JSONObject([("enabled", .bool(false))]))),
        ]))
    }
}
