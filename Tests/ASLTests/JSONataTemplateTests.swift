import JSONValue
import Testing
@testable import ASL

/// ASL field values with `{% %}` strings, as `Arguments`/`Output`/`Assign` use them.
@Suite struct JSONataTemplateTests {
    let bindings: [String: JSON] = ["states": json(#"{"input":{"title":"Doctor","n":[1,2]}}"#), "customerName": .string("María")]

    @Test func recognisesExpressions() {
        #expect(JSONataExpression.isExpression("{% $x %}"))
        #expect(JSONataExpression.isExpression("{%$x%}"))
        #expect(!JSONataExpression.isExpression(" {% $x %}"))
        #expect(!JSONataExpression.isExpression("{% $x"))
        #expect(!JSONataExpression.isExpression("$x"))
        #expect(!JSONataExpression.isExpression("{%%"))
        #expect(JSONataExpression.body(of: "{%  $a + 1 \n%}") == "$a + 1")
    }

    @Test func evaluatesAtAnyDepth() throws {
        let template = json(#"""
        {"static":"Hello","title":"{% $states.input.title %}","name":"{% $customerName %}","not-evaluated":"$customerName",
         "list":[1,"{% $sum($states.input.n) %}",{"deep":"{% $uppercase($customerName) %}"}]}
        """#)
        let t = try JSONataTemplate(template)
        #expect(!t.isConstant)
        let v = try t.evaluate(field: "Arguments", input: nil, bindings: bindings, seed: 0)
        #expect(v.serialized() == #"{"static":"Hello","title":"Doctor","name":"María","not-evaluated":"$customerName","list":[1,3,{"deep":"MARÍA"}]}"#)
    }

    @Test func constantsStayAsWritten() throws {
        let template = json(#"{"a":[1.50,"x"],"b":null}"#)
        let t = try JSONataTemplate(template)
        #expect(t.isConstant)
        #expect(try t.evaluate(field: "Output", input: nil, bindings: [:], seed: 0) == template)
    }

    @Test func errorsNameTheNestedField() {
        #expect(throws: StatesError("States.QueryEvaluationError", cause: "The JSONata expression '$nothing' specified for the field 'Arguments/list/1' returned nothing (undefined).")) {
            try JSONataTemplate.evaluate(json(#"{"list":[1,"{% $nothing %}"]}"#), field: "Arguments", input: nil, bindings: [:], seed: 0)
        }
        #expect(throws: StatesError("States.QueryEvaluationError", cause: "The JSONata expression '1 + 'a'' specified for the field 'Output' threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number")) {
            try JSONataTemplate.evaluate(json(#""{% 1 + 'a' %}""#), field: "Output", input: nil, bindings: [:], seed: 0)
        }
    }

    @Test func syntaxErrorsAtParseTime() {
        #expect(throws: StatesError("States.QueryEvaluationError", cause: #"S0203: Expected ")" before end of expression"#)) {
            try JSONataTemplate(json(#"{"a":"{% ($x %}"}"#))
        }
    }

    @Test func contextValueIsTheInput() throws {
        let v = try JSONataTemplate.evaluate(json(#""{% $.a %}""#), field: "Output", input: json(#"{"a":5}"#), bindings: [:], seed: 0)
        #expect(v == .int(5))
    }

    @Test func eachExpressionGetsItsOwnRandomStream() throws {
        let v = try JSONataTemplate.evaluate(json(#"["{% $uuid() %}","{% $uuid() %}"]"#), field: "Output", input: nil, bindings: [:], seed: 5)
        #expect(v.arrayValue?[0] != v.arrayValue?[1])
        #expect(try JSONataTemplate.evaluate(json(#"["{% $uuid() %}","{% $uuid() %}"]"#), field: "Output", input: nil, bindings: [:], seed: 5) == v)
    }

    @Test func parseOnceEvaluateMany() throws {
        let e = try JSONataExpression(parsing: "$states.input.n[1] * $k")
        for k in 1...50 {
            let v = try e.evaluate(input: nil, bindings: ["states": bindings["states"]!, "k": .int(k)], seed: 0)
            #expect(v == .int(2 * k))
        }
    }
}
