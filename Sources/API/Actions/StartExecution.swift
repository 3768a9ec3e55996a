import ASL
import Coordinator
import Foundation
import JSONValue
import Messages
import Store

extension ExecutionActions {
    static func start(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let machine = try await StateMachineActions.loadForStart(p.string("stateMachineArn"), caller, ctx)
        let name = try p.optionalString("name") ?? NameRules.timeOrderedUUID()
        try NameRules.checkName(name)
        let input = try p.optionalString("input") ?? "{}"
        guard input.utf8.count <= maximumPayload else {
            throw .validation("1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144")
        }
        guard (try? JSON(parsing: input)) != nil else {
            throw APIError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'make sure input is a valid json string.Input received: \(input)'")
        }
        if machine.status == .deleting { throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(machine.arn)'") }
        do {
            let record = try await ctx.launcher.start(stateMachine: machine, name: name, input: input,
                                                      quota: ctx.quotas.apiStartQuota(account: caller.account), traceparent: caller.traceparent)
            return .object(JSONObject([("executionArn", .string(record.arn)), ("startDate", ResponseShapes.date(record.startDate))]))
        } catch let error as StoreError where error == .alreadyExists {
            // AWS: the same name and input while the execution runs give back the same execution.
            if let existing = error.existingExecution, existing.status == .running || existing.status == .pending, existing.input == input {
                return .object(JSONObject([("executionArn", .string(existing.arn)), ("startDate", ResponseShapes.date(existing.startDate))]))
            }
            let arn = ARNs.executionArn(stateMachineArn: machine.arn, name: name)
            throw APIError("ExecutionAlreadyExists", "Execution Already Exists: '\(arn)'")
        } catch let error as StoreError where error == .throttled {
            ctx.metrics.startRefused(account: caller.account, error: "ThrottlingException")
            throw APIError("ThrottlingException", "Rate exceeded")
        } catch let error as StoreError where error == .limitExceeded {
            ctx.metrics.startRefused(account: caller.account, error: "ExecutionLimitExceeded")
            throw APIError("ExecutionLimitExceeded",
                           "The maximum number of running executions has been reached. Running execution count: \(error.message)")
        } catch let error as ExecutionLauncher.LaunchError {
            switch error {
            case .invalidInput(let m): throw APIError("InvalidExecutionInput", m)
            case .stateMachineDeleting(let arn): throw APIError("StateMachineDeleting", "State Machine Is Being Deleted: '\(arn)'")
            case .invalidDefinition(let m): throw APIError("InvalidDefinition", m)
            }
        } catch {
            throw .internalFailure("the store failed: \(error)")
        }
    }
}
