import JSONValue
import Logging
import Messages
import Testing
@testable import Worker

@Suite struct TaskContextTests {
    @Test func theLoggerCarriesTheInvocationAndTheBaseMetadata() {
        let invocation = TaskInvocationMessage(
            key: "arn:x#3#0", executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:e", stateName: "Resize",
            resource: "arn:aws:lambda:us-east-1:123456789012:function:echo",
            target: TaskTarget(kind: .function, name: "echo"), input: .object(JSONObject()))
        var base = Logger(label: "test")
        base[metadataKey: "worker"] = "w1"
        let context = TaskContext(invocation: invocation, logger: base, isRedelivery: false) {}
        let logger = context.logger
        #expect(logger[metadataKey: "stepwise.execution"] == "arn:aws:states:us-east-1:123456789012:execution:m:e")
        #expect(logger[metadataKey: "stepwise.state"] == "Resize")
        #expect(logger[metadataKey: "stepwise.task.key"] == "arn:x#3#0")
        #expect(logger[metadataKey: "worker"] == "w1")
    }
}
