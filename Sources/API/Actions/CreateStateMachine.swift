import ASL
import Foundation
import JSONValue
import Store

extension StateMachineActions {
    static func create(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let name = try p.string("name")
        let definition = try p.string("definition")
        let roleArn = try p.string("roleArn")
        try NameRules.checkName(name)
        try p.checkLength("definition", definition, 1...1_048_576)
        try checkRole(roleArn)
        let kind = try type(p.optionalString("type"))
        try checkLogging(p.object["loggingConfiguration"])
        try checkDefinition(definition, kind)
        let arn = NameRules.stateMachineArn(region: ctx.region, account: caller.account, name: name)
        let tags = try TagActions.parse(p.object["tags"], for: arn)
        let now = Date()
        let record = StateMachineRecord(arn: arn, account: caller.account, name: name, kind: kind, definition: definition,
                                        roleArn: roleArn, creationDate: now, revisionId: NameRules.randomUUID())
        do {
            try await ctx.store.createStateMachine(record)
        } catch let error as StoreError where error == .alreadyExists {
            let existing = try await ctx.store { try await ctx.store.getStateMachine(arn: arn) }
            // AWS: the same definition and role make the call idempotent.
            guard existing.definition == definition, existing.roleArn == roleArn, existing.kind == kind else {
                throw APIError("StateMachineAlreadyExists", "State Machine Already Exists: '\(arn)'")
            }
            return .object(JSONObject([("stateMachineArn", .string(arn)), ("creationDate", ResponseShapes.date(existing.creationDate))]))
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        try await TagActions.store(tags, on: arn, ctx)
        return .object(JSONObject([("stateMachineArn", .string(arn)), ("creationDate", ResponseShapes.date(record.creationDate))]))
    }
}
