/// ARNs of executions and state machines, as AWS spells them.
public enum ExecutionNames {
    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME` for a state machine ARN
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE`.
    public static func executionArn(stateMachineArn: String, name: String) -> String {
        var parts = stateMachineArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7 else { return stateMachineArn + ":" + name }
        parts[5] = "execution"
        return parts[0..<7].joined(separator: ":") + ":" + name
    }

    /// The account of an ARN (its fifth field), or "" when it has none.
    public static func account(of arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count > 4 ? String(parts[4]) : ""
    }

    /// The state machine name of a state machine ARN.
    public static func stateMachineName(of arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 6 ? String(parts[6]) : arn
    }
}
