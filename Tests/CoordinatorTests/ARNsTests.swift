import Coordinator
import Testing

/// The byte-level ARN fields give what splitting into characters gives.
struct ExecutionNamesTests {
    /// The previous implementation, kept as the reference.
    static func reference(stateMachineArn: String, name: String) -> String {
        var parts = stateMachineArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7 else { return stateMachineArn + ":" + name }
        parts[5] = "execution"
        return parts[0..<7].joined(separator: ":") + ":" + name
    }

    @Test func executionArnOfAStateMachine() {
        #expect(ARNs.executionArn(stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Hello", name: "run-1")
                == "arn:aws:states:us-east-1:123456789012:execution:Hello:run-1")
        // A version or alias qualifier is not part of the execution's ARN.
        #expect(ARNs.executionArn(stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Hello:7", name: "x")
                == "arn:aws:states:us-east-1:123456789012:execution:Hello:x")
        #expect(ARNs.account(of: "arn:aws:states:us-east-1:123456789012:stateMachine:Hello") == "123456789012")
        #expect(ARNs.stateMachineName(of: "arn:aws:states:us-east-1:123456789012:stateMachine:Hello") == "Hello")
        #expect(ARNs.account(of: "arn:aws") == "")
        #expect(ARNs.stateMachineName(of: "not-an-arn") == "not-an-arn")
    }

    @Test func sameAsSplittingOnGeneratedInput() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["arn", "aws", "states", "", ":", "é", "状态", "stateMachine", "123456789012", "a-b_c", "::"]
        for _ in 0..<2000 {
            let arn = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: ":")
            let name = pieces.randomElement(using: &generator)!
            #expect(ARNs.executionArn(stateMachineArn: arn, name: name) == Self.reference(stateMachineArn: arn, name: name),
                    "\(arn)")
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            #expect(ARNs.account(of: arn) == (parts.count > 4 ? String(parts[4]) : ""), "\(arn)")
            #expect(ARNs.stateMachineName(of: arn) == (parts.count > 6 ? String(parts[6]) : arn), "\(arn)")
        }
    }
}
