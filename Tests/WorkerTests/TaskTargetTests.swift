import JSONValue
import Messages
import Testing

@Suite struct TaskTargetTests {
    private func resolve(_ resource: String, _ parameters: JSON = .object(JSONObject())) throws -> TaskTarget {
        try TaskTarget.resolve(resource: resource, parameters: parameters)
    }

    private func invoke(_ functionName: String) throws -> TaskTarget {
        try resolve("arn:aws:states:::lambda:invoke", .object(JSONObject([("FunctionName", .string(functionName)), ("Payload", .null)])))
    }

    @Test func activityArn() throws {
        let t = try resolve("arn:aws:states:us-east-1:123456789012:activity:resize")
        #expect(t == TaskTarget(kind: .activity, name: "resize"))
        #expect(t.queue == "stepwise.activity.resize")
    }

    @Test func lambdaFunctionArnWithAndWithoutQualifier() throws {
        #expect(try resolve("arn:aws:lambda:eu-west-1:123456789012:function:resize").queue == "stepwise.fn.resize")
        let alias = try resolve("arn:aws:lambda:eu-west-1:123456789012:function:resize:prod")
        #expect(alias == TaskTarget(kind: .function, name: "resize", qualifier: "prod"))
        #expect(alias.queue == "stepwise.fn.resize")
        #expect(try resolve("arn:aws:lambda:eu-west-1:123456789012:function:resize:7").qualifier == "7")
        #expect(try resolve("arn:aws:lambda:eu-west-1:123456789012:function:resize:$LATEST").qualifier == "$LATEST")
    }

    @Test func lambdaInvokeFunctionNameForms() throws {
        let plain = TaskTarget(kind: .function, name: "resize")
        #expect(try invoke("resize") == plain)
        #expect(try invoke("resize:prod") == TaskTarget(kind: .function, name: "resize", qualifier: "prod"))
        #expect(try invoke("123456789012:function:resize") == plain)
        #expect(try invoke("123456789012:function:resize:2").qualifier == "2")
        #expect(try invoke("arn:aws:lambda:us-east-1:123456789012:function:resize") == plain)
        #expect(try invoke("arn:aws:lambda:us-east-1:123456789012:function:resize:prod").qualifier == "prod")
        #expect(try invoke("resize").queue == "stepwise.fn.resize")
        let token = try resolve("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                .object(JSONObject([("FunctionName", .string("resize"))])))
        #expect(token == plain)
        #expect(TaskTarget.isLambdaInvoke("arn:aws:states:::lambda:invoke"))
        #expect(!TaskTarget.isLambdaInvoke("arn:aws:lambda:us-east-1:123456789012:function:resize"))
    }

    @Test func repeatedResolutionsGiveTheSameAnswer() throws {
        // Parses are remembered by text: the second answer, success or error, must be the first.
        for _ in 0..<3 {
            #expect(try resolve("arn:aws:lambda:eu-west-1:123456789012:function:again:prod")
                    == TaskTarget(kind: .function, name: "again", qualifier: "prod"))
            #expect(try invoke("again2:3") == TaskTarget(kind: .function, name: "again2", qualifier: "3"))
            #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:states:us-east-1:1:activity:bad/again") }
            #expect(throws: MessageError.invalidResource) { try invoke("a:b:c:d:e") }
        }
    }

    @Test func unservableResourcesAreErrors() {
        #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:states:::lambda:invoke") }
        #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:states:::sqs:sendMessage") }
        #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:states:us-east-1:1:stateMachine:sm") }
        #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:states:us-east-1:1:activity:bad/name") }
        #expect(throws: MessageError.invalidResource) { try resolve("arn:aws:lambda:us-east-1:1:layer:x") }
        #expect(throws: MessageError.invalidResource) { try invoke("a:b:c:d:e") }
        #expect(throws: MessageError.invalidResource) { try invoke("") }
        #expect(throws: MessageError.invalidResource) { try invoke("has space") }
    }

    @Test func lambdaInvokeHandsThePayloadToTheHandler() throws {
        let params = try JSON(parsing: #"{"FunctionName":"resize","Payload":{"w":1}}"#)
        #expect(TaskInvocationMessage.handlerInput(resource: "arn:aws:states:::lambda:invoke", parameters: params) == params["Payload"])
        #expect(TaskInvocationMessage.handlerInput(resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
                                                   parameters: try JSON(parsing: #"{"FunctionName":"resize"}"#)) == .object(JSONObject()))
        let activity = "arn:aws:states:us-east-1:123456789012:activity:resize"
        #expect(TaskInvocationMessage.handlerInput(resource: activity, parameters: params) == params)
    }
}
