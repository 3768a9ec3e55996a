import ASL
import Coordinator
import Foundation
import Messages
import Store

/// StartExecution, DescribeExecution, ListExecutions, StopExecution, GetExecutionHistory,
/// DescribeStateMachineForExecution.
enum ExecutionActions {
    /// AWS's payload limit for inputs and outputs.
    static let maximumPayload = 256 * 1024

    /// The caller's execution; another account's, or a missing one, does not exist.
    static func load(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> ExecutionRecord {
        let parsed = try NameRules.parse(arn, type: "execution")
        guard parsed.rest != nil else { throw .invalidArn(arn, "Resource type not valid in this context") }
        guard parsed.account == caller.account else { throw .executionDoesNotExist(arn) }
        return try await ctx.fetch(.executionDoesNotExist(arn)) { try await ctx.store.getExecution(arn: arn) }
    }
}
