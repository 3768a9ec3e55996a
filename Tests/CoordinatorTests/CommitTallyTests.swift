import ASL
import JSONValue
import Testing

@testable import Coordinator

@Suite("what a commit counts for the metrics (pure)")
struct CommitTallyTests {
    @Test("tasks scheduled, succeeded, failed and timed out by resource as the history names it; retries from the attempt")
    func tally() {
        var tally = CommitTally()
        tally.count(.taskScheduled(resourceType: "lambda", resource: "invoke", region: "us-east-1", parameters: .object(JSONObject()),
                                   timeoutInSeconds: nil, heartbeatInSeconds: nil))
        tally.count(.taskOutput(key: "taskSubmittedEventDetails", resourceType: "states", resource: "startExecution.sync:2", output: .null))
        tally.count(.taskOutput(key: "taskSucceededEventDetails", resourceType: "states", resource: "startExecution.sync:2", output: .null))
        tally.count(.taskError(key: "taskFailedEventDetails", resourceType: "lambda", resource: "invoke", error: "E", cause: nil))
        tally.count(.taskError(key: "taskTimedOutEventDetails", resourceType: "lambda", resource: "invoke", error: "States.Timeout", cause: nil))
        tally.count(.stateEntered(name: "A", input: .null, inputText: nil))
        tally.retried(resourceArn: "arn:aws:states:::lambda:invoke")
        tally.retried(resourceArn: "arn:aws:lambda:us-east-1:123456789012:function:f")
        #expect(tally.entries.map { "\($0.resource) \($0.what.rawValue)" } == [
            "lambda:invoke scheduled", "states:startExecution.sync:2 succeeded", "lambda:invoke failed", "lambda:invoke timed_out",
            "lambda:invoke retried", "arn:aws:lambda:us-east-1:123456789012:function:f retried",
        ])
        #expect(tally.stateTransitions == 1)
    }
}
