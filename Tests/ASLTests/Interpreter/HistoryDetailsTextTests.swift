import JSONValue
import Testing
@testable import ASL

/// The details text stored with every history event, in GetExecutionHistory's shape.
@Suite struct HistoryDetailsTextTests {
    @Test func payloadsAreJSONTextInsideStrings() throws {
        let output = try JSON(parsing: #"{"a":"x\"y","b":[1,2.50],"c":"é\n"}"#)
        let exited = HistoryEventDetails.stateExited(name: "S \"1\"", output: output, assignedVariables: nil)
        #expect(exited.text() == #"{"stateExitedEventDetails":{"name":"S \"1\"","output":"{\"a\":\"x\\\"y\",\"b\":[1,2.50],\"c\":\"é\\n\"}","outputDetails":{"truncated":false}}}"#)
        // The client's own text is kept when given.
        let entered = HistoryEventDetails.stateEntered(name: "S", input: .null, inputText: "{ \"i\" : 1 }")
        #expect(entered.text() == #"{"stateEnteredEventDetails":{"name":"S","input":"{ \"i\" : 1 }","inputDetails":{"truncated":false}}}"#)
    }

    @Test func optionalMembersAppearOnlyWhenSet() {
        let scheduled = HistoryEventDetails.taskScheduled(
            resourceType: "lambda", resource: "invoke", region: "us-east-1", parameters: .object(JSONObject([("x", .int(1))])),
            timeoutInSeconds: 30, heartbeatInSeconds: nil)
        #expect(scheduled.text() == #"{"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{\"x\":1}","timeoutInSeconds":30}}"#)
        #expect(HistoryEventDetails.executionEnded(key: "executionFailedEventDetails", error: nil, cause: nil).text()
            == #"{"executionFailedEventDetails":{}}"#)
        #expect(HistoryEventDetails.taskError(key: "taskFailedEventDetails", resourceType: "lambda", resource: "f",
                                              error: "E", cause: nil).text()
            == #"{"taskFailedEventDetails":{"resourceType":"lambda","resource":"f","error":"E"}}"#)
        #expect(HistoryEventDetails.none.text() == "{}")
    }

    @Test func assignedVariablesFollowTheOutput() {
        let exited = HistoryEventDetails.stateExited(
            name: "S", output: .int(1), outputText: nil,
            assignedVariables: JSONObject([("v", .string("a")), ("w", .array([.int(2)]))]))
        #expect(exited.text() == #"{"stateExitedEventDetails":{"name":"S","output":"1","outputDetails":{"truncated":false},"assignedVariables":{"v":"\"a\"","w":"[2]"},"assignedVariablesDetails":{"truncated":false}}}"#)
        #expect(exited.rendered()?.0 == "stateExitedEventDetails")
        #expect(exited.rendered()?.1["assignedVariables"]?["w"]?.stringValue == "[2]")
    }
}
