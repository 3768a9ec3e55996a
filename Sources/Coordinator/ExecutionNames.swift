/// ARNs of executions and state machines, as AWS spells them.
///
/// The fields are found by their `:` bytes (a `:` byte is never part of a longer UTF-8
/// sequence), which is much cheaper than splitting the string into characters.
public enum ExecutionNames {
    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME` for a state machine ARN
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE`.
    public static func executionArn(stateMachineArn: String, name: String) -> String {
        guard let type = field(5, of: stateMachineArn), let machine = field(6, of: stateMachineArn) else {
            return stateMachineArn + ":" + name
        }
        return String(stateMachineArn[..<type.lowerBound]) + "execution:" + String(stateMachineArn[machine]) + ":" + name
    }

    /// The account of an ARN (its fifth field), or "" when it has none.
    public static func account(of arn: String) -> String {
        field(4, of: arn).map { String(arn[$0]) } ?? ""
    }

    /// The state machine name of a state machine ARN.
    public static func stateMachineName(of arn: String) -> String {
        field(6, of: arn).map { String(arn[$0]) } ?? arn
    }

    /// The range of field `index` (0-based, between `:` bytes); nil when the ARN has fewer fields.
    /// The last field runs to the end.
    static func field(_ index: Int, of arn: String) -> Range<String.Index>? {
        let utf8 = arn.utf8
        var start = utf8.startIndex
        var seen = 0
        var position = utf8.startIndex
        while position != utf8.endIndex {
            if utf8[position] == UInt8(ascii: ":") {
                if seen == index { return start..<position }
                seen += 1
                start = utf8.index(after: position)
            }
            position = utf8.index(after: position)
        }
        return seen == index ? start..<utf8.endIndex : nil
    }
}
