import ASL

/// ARNs of executions and state machines, as AWS spells them (fields found by ``ARNFields``).
public enum ARNs {
    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME` for a state machine ARN
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE`.
    public static func executionArn(stateMachineArn: String, name: String) -> String {
        guard let type = field(5, of: stateMachineArn), let machine = field(6, of: stateMachineArn) else {
            return stateMachineArn + ":" + name
        }
        return String(stateMachineArn[..<type.lowerBound]) + "execution:" + String(stateMachineArn[machine]) + ":" + name
    }

    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE` for an execution ARN
    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`.
    public static func stateMachineArn(ofExecution arn: String) -> String {
        guard let type = field(5, of: arn), let machine = field(6, of: arn) else { return arn }
        return String(arn[..<type.lowerBound]) + "stateMachine:" + String(arn[machine])
    }

    /// The account of an ARN (its fifth field), or "" when it has none.
    public static func account(of arn: String) -> String {
        field(4, of: arn).map { String(arn[$0]) } ?? ""
    }

    /// The state machine name of a state machine ARN.
    public static func stateMachineName(of arn: String) -> String {
        field(6, of: arn).map { String(arn[$0]) } ?? arn
    }

    static func field(_ index: Int, of arn: String) -> Range<String.Index>? { ARNFields.field(index, of: arn) }
}
