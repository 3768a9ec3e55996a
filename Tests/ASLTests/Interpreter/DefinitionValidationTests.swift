import ASL
import Testing

@Suite struct DefinitionValidationTests {
    func only(_ text: String) -> Diagnostic? {
        let d = Fixtures.diagnostics(text)
        return d.count == 1 ? d[0] : nil
    }

    @Test func missingStatesIsReportedAtTheRoot() {
        let d = only(#"{"StartAt": "A"}"#)
        #expect(d?.code == "SCHEMA_VALIDATION_FAILED")
        #expect(d?.message == "These fields are required: [States]")
        #expect(d?.location == "/")
    }

    @Test func missingStartAt() {
        #expect(only(#"{"States": {"A": {"Type": "Pass", "End": true}}}"#)?.message == "These fields are required: [StartAt]")
    }

    @Test func unknownNextTarget() {
        let d = Fixtures.diagnostics(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}}"#)
        #expect(d.map(\.code) == ["MISSING_TRANSITION_TARGET"])
        #expect(d.first?.location == "/States/A/Next")
    }

    @Test func unknownStartAt() {
        let d = only(#"{"StartAt": "X", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(d?.code == "MISSING_TRANSITION_TARGET")
        #expect(d?.location == "/StartAt")
    }

    @Test func unreachableState() {
        let d = only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "End": true}}}"#)
        #expect(d?.code == "UNREACHABLE_STATE")
        #expect(d?.location == "/States/B")
    }

    @Test func unknownFieldIsRefused() {
        let d = only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Bogus": 1}}}"#)
        #expect(d?.code == "SCHEMA_VALIDATION_FAILED")
        #expect(d?.location == "/States/A")
        #expect(d?.message.contains("Bogus") == true)
    }

    @Test func nextAndEndTogether() {
        #expect(only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Next": "A"}}}"#)?.location == "/States/A")
    }

    @Test func statesAllMustBeAloneAndLast() {
        let text = #"""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "E"}, {"ErrorEquals": ["X"], "Next": "E"}], "End": true},
          "E": {"Type": "Succeed"}}}
        """#
        #expect(only(text)?.location == "/States/T/Catch[0]/ErrorEquals")
    }

    @Test func badInputPath() {
        let d = only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "not a path", "End": true}}}"#)
        #expect(d?.location == "/States/A/InputPath")
    }

    @Test func waitTimestampMustBeRFC3339() {
        let d = only(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2016-03-14 01:59:00Z", "End": true}}}"#)
        #expect(d?.message == "String does not match RFC3339 timestamp")
        #expect(d?.location == "/States/W/Timestamp")
    }

    @Test func waitNeedsExactlyOneDuration() {
        #expect(only(#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true}}}"#) != nil)
    }

    @Test func jsonataDefinitionsAreAccepted() {
        #expect(Fixtures.diagnostics(#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}"#).isEmpty)
    }

    @Test func jsonataRefusesJSONPathFields() {
        let d = only(#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.x", "End": true}}}"#)
        #expect(d?.location == "/States/A")
    }

    @Test func jsonataSyntaxErrorsAreRefused() {
        let d = only(#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.( %}", "End": true}}}"#)
        #expect(d?.location == "/States/A/Output")
    }

    @Test func jsonPathStateInJSONataMachineIsRefused() {
        let d = only(#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"#)
        #expect(d?.message == "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
    }

    @Test func distributedMapIsAcceptedButNotItsS3Fields() {
        func map(_ extra: String) -> String {
            #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, \#(extra) "ItemProcessor": {
              "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
            """#
        }
        #expect(Fixtures.diagnostics(map(#""Label": "my-run","#)).isEmpty)
        #expect(Fixtures.diagnostics(map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject"},"#)).first?.message
            .contains("ItemReader") == true)
        #expect(Fixtures.diagnostics(map(#""Label": "","#)).first?.message == "Label cannot be empty")
        #expect(Fixtures.diagnostics(map(#""Label": "a b","#)).first?.message == "Label contains invalid character: ' '")
        #expect(Fixtures.diagnostics(map(#""Label": "\#(String(repeating: "x", count: 41))","#)).first?.message
            == "Label cannot exceed 40 characters")
    }

    @Test func unknownServiceIntegration() {
        let d = only(#"{"StartAt": "Q", "States": {"Q": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "End": true}}}"#)
        #expect(d?.location == "/States/Q/Resource")
    }

    @Test func expressRefusesSync() throws {
        let text = #"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true}}}"#
        #expect(StateMachineDefinition.validate(text, type: .standard).isEmpty)
        #expect(StateMachineDefinition.validate(text, type: .express).first?.message == "Express state machine does not support '.sync' service integration")
    }

    @Test func nestedBranchLocations() {
        let text = #"""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}]}}}
        """#
        #expect(only(text)?.location == "/States/P/Branches[0]/States/A/Next")
    }

    @Test func renderedMessageHasAWSShape() throws {
        do {
            _ = try StateMachineDefinition(parsing: #"{"StartAt": "A"}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")
            #expect(error.code == "InvalidDefinition")
        }
    }

    @Test func choiceOperatorTypeIsChecked() {
        let text = #"""
        {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "D"}]},
          "D": {"Type": "Succeed"}}}
        """#
        #expect(only(text)?.location == "/States/C/Choices[0]/NumericEquals")
    }

    @Test func validDefinitionHasNoDiagnostics() {
        #expect(Fixtures.diagnostics(#"{"Comment": "x", "StartAt": "A", "TimeoutSeconds": 5, "States": {"A": {"Type": "Pass", "Result": 1, "ResultPath": "$.r", "End": true}}}"#).isEmpty)
    }
}
