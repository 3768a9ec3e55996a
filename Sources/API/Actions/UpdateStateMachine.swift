import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func update(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await load(p.string("stateMachineArn"), caller, ctx)
        let definition = try p.optionalString("definition")
        let roleArn = try p.optionalString("roleArn")
        guard definition != nil || roleArn != nil || p.object["loggingConfiguration"] != nil || p.object["tracingConfiguration"] != nil else {
            throw APIError("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
        try checkLogging(p.object["loggingConfiguration"])
        if let definition { try checkDefinition(definition, machine.kind) }
        if let roleArn { try checkRole(roleArn) }
        if machine.status == .deleting { throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(machine.arn)'") }
        let now = Date()
        defer { ctx.machines.forget(machine.arn) }
        let updated = try await ctx.store {
            try await ctx.store.updateStateMachine(StateMachineUpdate(
                arn: machine.arn, revisionId: NameRules.randomUUID(), definition: definition, roleArn: roleArn, date: now))
        }
        return .object(JSONObject([("updateDate", ResponseShapes.date(updated.updateDate)), ("revisionId", .string(updated.revisionId))]))
    }
}
