import ASL
import JSONValue

/// The actions Stepwise answers, by `X-Amz-Target` (`AWSStepFunctions.<Action>`).
enum ActionTable {
    typealias Action = @Sendable (RequestMembers, Caller, APIContext) async throws(APIError) -> JSON

    static let actions: [String: Action] = [
        "CreateStateMachine": StateMachineActions.create,
        "DescribeStateMachine": StateMachineActions.describe,
        "UpdateStateMachine": StateMachineActions.update,
        "DeleteStateMachine": StateMachineActions.delete,
        "ListStateMachines": StateMachineActions.list,
        "ValidateStateMachineDefinition": StateMachineActions.validate,
        "StartExecution": ExecutionActions.start,
        "DescribeExecution": ExecutionActions.describe,
        "DescribeStateMachineForExecution": ExecutionActions.describeStateMachine,
        "ListExecutions": ExecutionActions.list,
        "StopExecution": ExecutionActions.stop,
        "GetExecutionHistory": ExecutionActions.history,
        "SendTaskSuccess": TaskActions.success,
        "SendTaskFailure": TaskActions.failure,
        "SendTaskHeartbeat": TaskActions.heartbeat,
        "CreateActivity": ActivityActions.create,
        "DescribeActivity": ActivityActions.describe,
        "DeleteActivity": ActivityActions.delete,
        "ListActivities": ActivityActions.list,
        "GetActivityTask": ActivityTaskActions.get,
        "TagResource": TagActions.tag,
        "UntagResource": TagActions.untag,
        "ListTagsForResource": TagActions.list,
    ]

    /// Stepwise's own actions (`X-Amz-Target: Stepwise.<Action>`), which the AWS SDKs never send.
    static let extensions: [String: Action] = [
        "DescribeExecutionTree": TreeActions.describe,
        "DescribeAccountQuota": QuotaActions.describe,
    ]

    /// The action a target names, or AWS's `UnknownOperationException`.
    static func action(target: String?) throws(APIError) -> Action {
        guard let target, let dot = target.utf8.firstIndex(of: UInt8(ascii: ".")) else {
            throw APIError("UnknownOperationException", "")
        }
        // Every service and action name is ASCII, so finding the dot by byte answers as finding it by character.
        let service = target[..<dot], name = String(target[target.utf8.index(after: dot)...])
        if service == "AWSStepFunctions", let action = actions[name] { return action }
        if service == "Stepwise", let action = extensions[name] { return action }
        throw APIError("UnknownOperationException", "")
    }

    /// The action a target names, as a metric label: `StartExecution`, `Stepwise.DescribeAccountQuota`,
    /// or `unknown` for anything else (so a client cannot grow the label set).
    static func metricName(target: String?) -> String {
        guard let target, let dot = target.firstIndex(of: ".") else { return "unknown" }
        let service = target[..<dot], name = String(target[target.index(after: dot)...])
        if service == "AWSStepFunctions", actions[name] != nil { return name }
        if service == "Stepwise", extensions[name] != nil { return "Stepwise." + name }
        return "unknown"
    }
}
