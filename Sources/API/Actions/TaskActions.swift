import ASL
import Coordinator
import Foundation
import Messages
import Store

/// SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat: a task token is the task's idempotency
/// key, `<execution ARN>#<state entry>#<attempt>`; the answer goes to the execution's shard once
/// the execution is found still waiting on that task (else TaskTimedOut, as AWS).
enum TaskActions {
    /// The token and the caller's running execution it belongs to.
    static func execution(_ p: RequestMembers, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> (String, String) {
        let token = try p.string("taskToken")
        try p.checkLength("taskToken", token, 1...2048)
        guard let hash = token.firstIndex(of: "#"), let parsed = try? NameRules.parse(String(token[..<hash]), type: "execution"),
              parsed.rest != nil, parsed.account == caller.account else {
            throw .invalidToken("Invalid Token: 'Invalid token'")
        }
        let arn = String(token[..<hash])
        let record = try await ctx.fetch(APIError("TaskDoesNotExist", "Task Does Not Exist: '\(token)'")) {
            try await ctx.store.getExecution(arn: arn)
        }
        // AWS answers TaskTimedOut once the task has ended (timed out, failed, stopped with its execution).
        let waiting: Bool
        do {
            waiting = try await ctx.launcher.waits(record, onTask: token)
        } catch {
            throw .internalFailure("cannot read the execution: \(error)")
        }
        guard waiting else { throw APIError("TaskTimedOut", "Task Timed Out: '\(token)'") }
        return (token, arn)
    }
}
