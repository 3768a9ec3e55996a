@testable import ASL
import JSONValue
import Testing

/// How Task resources are reported in TaskScheduled (`resourceType`, `resource`) and which
/// integration pattern they use.
@Suite struct TaskResourceTests {
    @Test(arguments: [
        ("arn:aws:lambda:us-east-1:123456789012:function:echo", "lambda", "arn:aws:lambda:us-east-1:123456789012:function:echo", false),
        ("arn:aws:lambda:us-east-1:123456789012:function:echo.waitForTaskToken", "lambda",
         "arn:aws:lambda:us-east-1:123456789012:function:echo.waitForTaskToken", true),
        ("arn:aws:states:us-east-1:123456789012:activity:resize", "activity", "arn:aws:states:us-east-1:123456789012:activity:resize", false),
        ("arn:aws:states:::lambda:invoke", "lambda", "invoke", false),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda", "invoke.waitForTaskToken", true),
        ("arn:aws:states:::sqs:sendMessage", "sqs", "sendMessage", false),
        ("a:b:c", "c", "a:b:c", false),
        ("nothing", "nothing", "nothing", false),
    ])
    func splitsTheResource(_ arn: String, _ type: String, _ name: String, _ waits: Bool) {
        let resource = TaskResource(arn)
        #expect(resource.type == type)
        #expect(resource.name == name)
        #expect(resource.waitsForToken == waits)
        #expect(resource.childMode == nil)
    }

    @Test func startExecutionModes() {
        #expect(TaskResource("arn:aws:states:::states:startExecution").childMode == .requestResponse)
        #expect(TaskResource("arn:aws:states:::states:startExecution.sync").childMode == .sync)
        #expect(TaskResource("arn:aws:states:::states:startExecution.sync:2").childMode == .sync2)
        #expect(TaskResource("arn:aws:states:::states:startExecution.waitForTaskToken").childMode == .waitForTaskToken)
    }

    @Test func regionOfTheStateMachine() {
        func info(_ arn: String) -> ExecutionInfo {
            ExecutionInfo(executionArn: "", name: "", stateMachineArn: arn, stateMachineName: "", roleArn: "",
                          input: .object(JSONObject()), startTimeMilliseconds: 0)
        }
        #expect(info("arn:aws:states:eu-west-3:123456789012:stateMachine:m").region == "eu-west-3")
        #expect(info("arn:aws:states").region == "us-east-1")
    }
}
