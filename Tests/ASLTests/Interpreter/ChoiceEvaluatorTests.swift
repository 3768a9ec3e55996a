import ASL
import JSONValue
import Testing

@Suite struct ChoiceEvaluatorTests {
    /// Runs a one-rule Choice on `input`; true when the rule matched.
    func matches(_ rule: String, _ input: String) throws -> Bool {
        let text = #"""
        {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [\#(rule.dropLast()), "Next": "Yes"}], "Default": "No"},
          "Yes": {"Type": "Pass", "Result": true, "End": true}, "No": {"Type": "Pass", "Result": false, "End": true}}}
        """#
        var m = try Fixtures.machine(text, input: input)
        return m.start(at: Fixtures.start).result?.output == .bool(true)
    }

    @Test func stringComparisons() throws {
        #expect(try matches(#"{"Variable": "$.s", "StringEquals": "abc"}"#, #"{"s": "abc"}"#))
        #expect(try !matches(#"{"Variable": "$.s", "StringEquals": "abc"}"#, #"{"s": 1}"#))
        #expect(try matches(#"{"Variable": "$.s", "StringLessThan": "b"}"#, #"{"s": "a"}"#))
        #expect(try matches(#"{"Variable": "$.s", "StringGreaterThanEquals": "a"}"#, #"{"s": "a"}"#))
    }

    @Test func stringMatchesWildcards() throws {
        #expect(try matches(#"{"Variable": "$.s", "StringMatches": "log-*.txt"}"#, #"{"s": "log-2024.txt"}"#))
        #expect(try !matches(#"{"Variable": "$.s", "StringMatches": "log-*.txt"}"#, #"{"s": "log-2024.csv"}"#))
        #expect(try matches(#"{"Variable": "$.s", "StringMatches": "a\\*b"}"#, #"{"s": "a*b"}"#))
        #expect(try !matches(#"{"Variable": "$.s", "StringMatches": "a\\*b"}"#, #"{"s": "axxb"}"#))
    }

    @Test func numericByValue() throws {
        #expect(try matches(#"{"Variable": "$.n", "NumericEquals": 1}"#, #"{"n": 1.0}"#))
        #expect(try matches(#"{"Variable": "$.n", "NumericLessThanPath": "$.m"}"#, #"{"n": 1, "m": 2}"#))
        #expect(try !matches(#"{"Variable": "$.n", "NumericGreaterThan": 1}"#, #"{"n": "2"}"#))
    }

    @Test func timestamps() throws {
        #expect(try matches(#"{"Variable": "$.t", "TimestampEquals": "2020-01-01T00:00:00Z"}"#, #"{"t": "2020-01-01T01:00:00+01:00"}"#))
        #expect(try matches(#"{"Variable": "$.t", "TimestampLessThan": "2020-01-01T00:00:00.5Z"}"#, #"{"t": "2020-01-01T00:00:00.1Z"}"#))
        #expect(try !matches(#"{"Variable": "$.t", "TimestampEquals": "2020-01-01T00:00:00Z"}"#, #"{"t": "not a date"}"#))
    }

    @Test func typeTests() throws {
        #expect(try matches(#"{"Variable": "$.x", "IsNull": true}"#, #"{"x": null}"#))
        #expect(try matches(#"{"Variable": "$.x", "IsPresent": false}"#, #"{}"#))
        #expect(try matches(#"{"Variable": "$.x", "IsTimestamp": true}"#, #"{"x": "2020-01-01T00:00:00Z"}"#))
        #expect(try matches(#"{"Variable": "$.x", "IsNumeric": false}"#, #"{"x": "1"}"#))
        #expect(try matches(#"{"Variable": "$.x", "IsBoolean": true}"#, #"{"x": false}"#))
    }

    @Test func booleanCombinations() throws {
        let and = #"{"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Not": {"Variable": "$.b", "BooleanEquals": true}}]}"#
        #expect(try matches(and, #"{"a": true, "b": false}"#))
        #expect(try !matches(and, #"{"a": true, "b": true}"#))
        let or = #"{"Or": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.b", "IsPresent": true}]}"#
        #expect(try matches(or, #"{"b": 1}"#))
    }

    @Test func missingVariableIsARuntimeError() throws {
        let text = #"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEquals": "a", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#
        var m = try Fixtures.machine(text)
        #expect(m.start(at: Fixtures.start).result?.error == "States.Runtime")
    }
}
