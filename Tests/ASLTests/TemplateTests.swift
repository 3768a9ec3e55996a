import JSONValue
import Testing
@testable import ASL

@Suite struct TemplateTests {
    let e = env(#"{"x":"X","n":{"k":[1,2]},"items":[{"v":1},{"v":2}]}"#, context: #"{"Execution":{"Id":"arn:e"}}"#,
                variables: #"{"status":"ready"}"#)

    @Test func evaluatesPathsContextVariablesAndIntrinsics() throws {
        let template = json("""
        {"plain":"$.x","num":1,"p.$":"$.x","c.$":"$$.Execution.Id","v.$":"$status",
         "nested":{"deep.$":"$.n.k[1]","lit":[true,null]},
         "list":[{"q.$":"$.x"},"$.x",3],
         "f.$":"States.Format('{}-{}', $.x, $status)","all.$":"$.items[*].v","whole.$":"$"}
        """)
        let out = try DataFlow.evaluateTemplate(template, in: e)
        #expect(out == json("""
        {"plain":"$.x","num":1,"p":"X","c":"arn:e","v":"ready","nested":{"deep":2,"lit":[true,null]},
         "list":[{"q":"X"},"$.x",3],"f":"X-ready","all":[1,2],"whole":\(e.input.serialized())}
        """))
        #expect(out.serialized().hasPrefix(#"{"plain":"$.x","num":1,"p":"X","c":"arn:e""#))
    }

    @Test func itemSelectorAndAssignShapes() throws {
        let item = PathEnvironment(input: json(#"{"k":"v"}"#), context: json(#"{"Map":{"Item":{"Index":2,"Value":{"id":7}}}}"#),
                                   variables: JSONObject([("prefix", .string("p-"))]))
        let selector = json(#"{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value.id","k.$":"$.k","label.$":"States.Format('{}{}', $prefix, $$.Map.Item.Index)"}"#)
        #expect(try DataFlow.evaluateTemplate(selector, in: item) == json(#"{"index":2,"value":7,"k":"v","label":"p-2"}"#))
        let nested = json(#"{"grid":[[{"a.$":"$.k"}],[1,[{"b.$":"$prefix"}]]]}"#)
        #expect(try DataFlow.evaluateTemplate(nested, in: item) == json(#"{"grid":[[{"a":"v"}],[1,[{"b":"p-"}]]]}"#))
    }

    @Test func keysWithoutSuffixAndOddValuesAreCopied() throws {
        let template = json(#"{"a.$x":"$.k","$.k":"$.k","n.$":"$.n","e":{},"l":[]}"#)
        let out = try DataFlow.evaluateTemplate(template, in: env(#"{"k":1,"n":null}"#))
        #expect(out == json(#"{"a.$x":"$.k","$.k":"$.k","n":null,"e":{},"l":[]}"#))
    }

    @Test func nonObjectTemplatesAreCopied() throws {
        #expect(try DataFlow.evaluateTemplate(json(#"[1,{"a.$":"$.x"}]"#), in: e) == json(#"[1,{"a":"X"}]"#))
        #expect(try DataFlow.evaluateTemplate(.string("$.x"), in: e) == .string("$.x"))
    }

    @Test func missingPathIsStatesRuntimeWithAWSText() {
        let input = env(#"{"int-literal":0}"#)
        #expect(throws: StatesError.runtime("The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'")) {
            try DataFlow.evaluateTemplate(json(#"{"value.$":"$.no_such_jsonpath"}"#), in: input)
        }
        #expect(throws: StatesError.runtime("The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'")) {
            try DataFlow.evaluateTemplate(json(#"{"value.$":"$$.Execution.Input.no_such_jsonpath"}"#), in: input)
        }
        #expect(throws: StatesError.runtime("The JSONPath '$.gone' specified for the field 'a.$' could not be found in the input '{\"int-literal\":0}'")) {
            try DataFlow.evaluateTemplate(json(#"{"a.$":"States.Array($.gone)"}"#), in: input)
        }
    }

    @Test func intrinsicFailuresPropagate() {
        do {
            _ = try DataFlow.evaluateTemplate(json(#"{"a.$":"States.ArrayGetItem($.n.k, 5)"}"#), in: e)
            Issue.record("expected a failure")
        } catch {
            #expect(error == StatesError.runtime("Invalid arguments in States.ArrayGetItem"))
        }
    }

    @Test func validationMessages() {
        // Recorded on AWS (CreateStateMachine): an intrinsic string literal with \" is rejected.
        let bad = json(#"{"parsed.$":"States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"}"#)
        #expect(DataFlow.validateTemplate(bad) == ["The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call"])
        let ok = json(#"{"merged.$":"States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)","a":{"b.$":"$.x"},"c":"$.x"}"#)
        #expect(DataFlow.validateTemplate(ok).isEmpty)
        let several = json(#"{"a.$":"States.Nope()","b.$":"nopath","c":{"d.$":5},"e":[{"f.$":"$.a["}],"g.$":"$.ok"}"#)
        #expect(DataFlow.templateIssues(several).map(\.location) == ["", "", "/c", "/e/0"])
        #expect(DataFlow.validateTemplate(several).count == 4)
        #expect(DataFlow.templateIssues(json(#"{"a":1,"a.$":"$.x"}"#)).count == 1)
        #expect(DataFlow.validateTemplate(several)[2] == "The value for the field 'd.$' must be a valid JSONPath or a valid intrinsic function call")
    }
}
