import JSONValue
import Testing
@testable import ASL

/// Every JSONata expression of the AWS-recorded conformance cases, on that case's data, with AWS's
/// result or error. `$states.input` is the state input; workflow variables are plain bindings.
@Suite struct JSONataRecordedCaseTests {
    func states(_ input: String) -> [String: String] { ["states": #"{"input":\#(input),"context":{}}"#] }

    /// Evaluates an ASL field value (template) as a JSONata state does; the text of the result or
    /// of the error's cause.
    func field(_ template: String, _ name: String, input: String = "{}", variables: [String: String] = [:]) -> String {
        var bindings: [String: JSON] = ["states": json(#"{"input":\#(input)}"#)]
        for (k, v) in variables { bindings[k] = json(v) }
        do throws(StatesError) {
            return try JSONataTemplate.evaluate(json(template), field: name, input: nil, bindings: bindings, seed: 1).serialized()
        } catch {
            return "\(error.error): \(error.cause ?? "")"
        }
    }

    @Test func choiceConditions() {
        #expect(jsonata("$states.input.condition", bindings: states(#"{"condition": false}"#)) == "false")
        #expect(jsonata("$states.input.condition", bindings: states(#"{"condition": true}"#)) == "true")
        #expect(jsonata("$states.input.type = 'Public'", bindings: states(#"{"type": "Public", "value": 22}"#)) == "true")
        #expect(jsonata("$states.input.result.done", bindings: states(#"{"result": {"done": false}}"#)) == "false")
        #expect(jsonata("$not($states.input.result.done)", bindings: states(#"{"result": {"done": false}}"#)) == "true")
        #expect(jsonata("$not($states.input.result.done)", bindings: states(#"{"result": {"done": true}}"#)) == "false")
    }

    @Test func undefinedOutputFails() {
        #expect(field(#""{% $doesNotExist %}""#, "Output") ==
            "States.QueryEvaluationError: The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).")
        #expect(field(#"{"result": "{% $doesNotExist %}"}"#, "Output") ==
            "States.QueryEvaluationError: The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).")
    }

    @Test func regularExpressions() {
        #expect(jsonata(#"$contains("hello$world", /^hello\$/)"#) == "true")
        #expect(jsonata(#"$contains("hello$world", /^hello\ /)"#) == "false")
        #expect(jsonata(#"$contains('hello$world', /^hello\ /)"#) == "false")
    }

    @Test func mapItemsAndMaxConcurrency() {
        #expect(field(#"[1, "{% $number('2') %}", 3]"#, "Items") == "[1,2,3]")
        #expect(jsonata("$variable := 1") == "1")
        #expect(jsonata("[]") == "[]")
        #expect(jsonata("[1, 'two', 3]") == #"[1,"two",3]"#)
        #expect(jsonata("$states.input.items", bindings: states(#"{"items": []}"#)) == "[]")
        #expect(jsonata("$states.input.items", bindings: states(#"{"items": [1, "two", true]}"#)) == #"[1,"two",true]"#)
        #expect(jsonata("$states.input.items", bindings: states(#"{"items": null}"#)) == "null")
        #expect(jsonata("$states.input.items", bindings: states(#"{"items": {"foo": "bar"}}"#)) == #"{"foo":"bar"}"#)
        #expect(jsonata("$states.input.items", bindings: states(#"{"items": "string"}"#)) == #""string""#)
    }

    @Test func mapItemsOfTheWrongType() throws {
        for (source, value, type) in [("true", "true", "boolean"), ("1", "1", "number"), ("{'foo': 'bar'}", #"{"foo":"bar"}"#, "object")] {
            let e = try JSONataExpression(parsing: source)
            let v = try e.evaluate(field: "Items", input: nil, bindings: [:], seed: 0)
            #expect(v.arrayValue == nil)
            #expect(e.unexpectedType(field: "Items", expected: "array", value: v).cause ==
                "The JSONata expression '\(source)' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '\(type)' for value: \(value)")
        }
        #expect(field(#""{% $fn := function($x){$x} %}""#, "Items") ==
            "States.QueryEvaluationError: The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.")
    }

    @Test func itemsFromVariables() throws {
        let e = try JSONataExpression(parsing: "$ItemsVar")
        for (value, type) in [("true", "boolean"), ("null", "null"), ("1", "number"), (#"{"foo":"bar"}"#, "object"), (#""string""#, "string")] {
            let v = try e.evaluate(field: "Items", input: nil, bindings: ["ItemsVar": json(value)], seed: 0)
            #expect(e.unexpectedType(field: "Items", expected: "array", value: v).cause ==
                "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '\(type)' for value: \(value)")
        }
        #expect(jsonata("true") == "true")
        #expect(jsonata("null") == "null")
        #expect(jsonata("'string'") == #""string""#)
    }

    @Test func partition() {
        let cases: [(String, String, String)] = [
            ("[0]", "2", "[[0]]"), ("[0,1,2]", "1", "[[0],[1],[2]]"), ("[0,1,2]", "2", "[[0,1],[2]]"),
            ("[0,1,2]", "4", "[[0,1,2]]"), ("[0,1,2]", "5", "[[0,1,2]]"), ("[0,1,2,3]", "2", "[[0,1],[2,3]]"),
            ("[0,1,2,3]", "3", "[[0,1,2],[3]]"), ("[0,1,2,3]", "4", "[[0,1,2,3]]"), ("[0]", "3", "[[0]]"), ("[0]", "4", "[[0]]"),
            ("[0,1]", "1", "[[0],[1]]"), ("[0,1]", "4", "[[0,1]]"), ("[0,1]", "5", "[[0,1]]"),
        ]
        for (array, size, expected) in cases {
            let input = #"{"FunctionInput": {"fst": \#(array), "snd": \#(size)}}"#
            #expect(jsonata("$partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd)", bindings: states(input)) == expected)
        }
    }

    @Test func range() {
        #expect(jsonata("$range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd)",
                        bindings: states(#"{"FunctionInput": {"fst": 0, "snd": 10, "trd": 3}}"#)) == "[0,3,6,9]")
    }

    @Test func parse() {
        #expect(jsonata("$parse($states.input.FunctionInput)", bindings: states(#"{"FunctionInput": "[1, 2, \"HelloWorld\"]"}"#)) == #"[1,2,"HelloWorld"]"#)
        #expect(jsonata("$parse($states.input.FunctionInput)", bindings: states(#"{"FunctionInput": "{\"Arg1\": 1, \"Arg2\": []}"}"#)) == #"{"Arg1":1,"Arg2":[]}"#)
    }

    @Test func randomSeededIsNotAFunction() {
        #expect(field(#"{"FunctionResult": "{% $randomSeeded($states.input.FunctionInput.fst) %}"}"#, "Output", input: #"{"FunctionInput": "fst"}"#) ==
            "States.QueryEvaluationError: The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function")
    }

    @Test func outputs() {
        #expect(jsonata("$sum($states.input.input_values) + $var_constant_1",
                        bindings: states(#"{"input_value": "string literal", "input_values": [1, 2, 3]}"#).merging(["var_constant_1": "1"]) { a, _ in a }) == "7")
        #expect(jsonata("$states.input", bindings: states(#"{"input_value": "stringliteral"}"#)) == #"{"input_value":"stringliteral"}"#)
        #expect(field(#"{"foo": "foobar", "bar": "{% $states.input %}"}"#, "Output", input: #"{"input_data": "test"}"#) ==
            #"{"foo":"foobar","bar":{"input_data":"test"}}"#)
        #expect(field(#"{"theAnswer": 18, "oldAnswer": "{% $theAnswer %}"}"#, "Assign", variables: ["theAnswer": "42"]) == #"{"theAnswer":18,"oldAnswer":42}"#)
        #expect(field("0.1", "Output") == "0.1")
        #expect(field(#""string literal""#, "Output") == #""string literal""#)
    }

    @Test func escapedQuoteComparison() {
        #expect(jsonata(#"$states.input = '"'"#, bindings: states(#""\"""#)) == "true")
    }

    @Test func failStateAndWaitFields() {
        #expect(jsonata("$states.input.cause", bindings: states(#"{"cause": "This failed to due an Exception."}"#)) == #""This failed to due an Exception.""#)
        #expect(jsonata("$states.input.error", bindings: states(#"{"error": "Exception"}"#)) == #""Exception""#)
        #expect(jsonata("$states.input.waitSeconds", bindings: states(#"{"waitSeconds": 0}"#)) == "0")
        for ts in ["05-12-2016T21:29:29Z", "2016-12-05T25:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29"] {
            #expect(jsonata("$states.input.TimestampValue", bindings: states(#"{"TimestampValue": "\#(ts)"}"#)) == "\"\(ts)\"")
        }
    }

    @Test func expressionsInJSONPathStatesStillParse() throws {
        // BASE_CONSTANT_LITERALS keeps these as plain strings (JSONPath state), but they are valid JSONata.
        _ = try JSONataExpression(parsing: "$varname.varfield")
        _ = try JSONataExpression(parsing: "$varname")
        #expect(jsonata("$varname.varfield", bindings: ["varname": #"{"varfield": 1}"#]) == "1")
    }
}
