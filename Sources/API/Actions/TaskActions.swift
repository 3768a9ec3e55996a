import ASL
import Coordinator
import Foundation
import Messages
import Store

/// SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat: a task token is the task's idempotency
/// key, `<execution ARN>#<state entry>#<attempt>`; the answer goes to the execution's shard once
/// the execution is found still waiting on that task (else TaskTimedOut, as AWS).
enum TaskActions {
    static func success(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
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

    static func failure(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let (token, arn) = try await execution(p, caller, ctx)
        let error = try p.optionalString("error")
        let cause = try p.optionalString("cause")
        try p.checkLength("error", error, 0...256)
        try p.checkLength("cause", cause, 0...32768)
        try await ctx.signal(ExecutionSignal(executionArn: arn, kind: .taskFailure, taskKey: token, error: error, cause: cause))
        return .object(JSONObject())
    }

    static func heartbeat(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> JSON {
        let (token, arn) = try await execution(p, caller, ctx)
        try await ctx.signal(ExecutionSignal(executionArn: arn, kind: .taskHeartbeat, taskKey: token))
        return .object(JSONObject())
    }

    /// The token and the caller's running execution it belongs to.
    private static func execution(_ p: Params, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> (String, String) {
        let token = try p.string("taskToken")
        try p.checkLength("taskToken", token, 1...2048)
        guard let hash = token.firstIndex(of: "#"), let parsed = try? Names.parse(String(token[..<hash]), type: "execution"),
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
