import JSONValue
import Testing
@testable import ASL

@Suite struct IntrinsicFormatTests {
    @Test func recordedAWSOutputs() throws {
        #expect(try intrinsic("States.Format('Formatting argument {}.', $.v)", #"{"v":" "}"#) == .string("Formatting argument  ."))
        #expect(try intrinsic("States.Format('Formatting argument {}.', $.v)", #"{"v":null}"#) == .string("Formatting argument null."))
        #expect(try intrinsic("States.Format('fst={} and snd={}.', $.a, $.b)", #"{"a":1.1,"b":""}"#) == .string("fst=1.1 and snd=."))
        #expect(try intrinsic("States.Format('fst={}.', $.a)", #"{"a":{"Arg1":1,"Arg2":[]}}"#) == .string("fst={Arg1=1, Arg2=[]}."))
        #expect(try intrinsic("States.Format('fst={}.', $.a)", #"{"a":"{\"Arg1\": 1, \"Arg2\": []}"}"#) == .string(#"fst={"Arg1": 1, "Arg2": []}."#))
        #expect(try intrinsic("States.Format('m={}', $$.StateMachine)") == .string("m={Name=machine-one}"))
    }

    @Test func valuesPrintJavaStyle() throws {
        #expect(try intrinsic("States.Format('{} {} {} {}', $.a, true, 3, 'x')", #"{"a":[1,"two",[3],{"k":null}]}"#) ==
            .string("[1, two, [3], {k=null}] true 3 x"))
    }

    @Test func escapes() throws {
        #expect(try intrinsic(#"States.Format('a \{\} b {} \'q\' \\ end', 1)"#) == .string(#"a {} b 1 'q' \ end"#))
        #expect(try intrinsic(#"States.Format('\{{}\}', 'x')"#) == .string("{x}"))
        #expect(DataFlow.validateIntrinsic(#"States.Format('bad \n escape {}', 1)"#) != nil)
    }

    @Test func unbalancedBracesFailAtRuntime() {
        // Observed on AWS: '{' without '}', '{{}}' and a lone '}' fail with States.Runtime.
        #expect(intrinsicError("States.Format('Hello {', 'x')") == invalid("States.Format"))
        #expect(intrinsicError("States.Format('Hello {{}}', 'x')") == invalid("States.Format"))
        #expect(intrinsicError("States.Format('}')") == invalid("States.Format"))
    }

    @Test func templateFromPathOrVariable() throws {
        #expect(try intrinsic("States.Format('Hello {}, welcome to {}!', $.name, $.place)", #"{"name":"Ann","place":"Oz"}"#) ==
            .string("Hello Ann, welcome to Oz!"))
        #expect(try intrinsic("States.Format($t, $v)", variables: #"{"t":"Answer: {}","v":42}"#) == .string("Answer: 42"))
    }

    @Test func argumentCountMustMatchPlaceholders() throws {
        #expect(intrinsicError("States.Format('{} {}', 1)") == invalid("States.Format"))
        #expect(intrinsicError("States.Format('{}', 1, 2)") == invalid("States.Format"))
        #expect(intrinsicError("States.Format($.n)", #"{"n":5}"#) == invalid("States.Format"))
        #expect(try intrinsic("States.Format('no placeholders')") == .string("no placeholders"))
    }

    @Test func syntaxChecks() {
        for bad in ["States.Format(", "States.Nope(1)", "States.Array(1,)", "States.Array('x)", "States.Array(1) x",
                    "States.Array(foo)", "States.ArrayGetItem($.arr, )",
                    #"States.StringToJson('{"text":"An \"escaped\" quote"}')"#] {
            #expect(DataFlow.validateIntrinsic(bad) != nil, "\(bad)")
        }
        for good in ["States.Array()", "States.Array( 1 , 'a' , $.x , $$.y , $v , null , -1.5e2 )",
                     "States.Format('{}', States.Array($.a[0], $.b['x y']))", "States.UUID()"] {
            #expect(DataFlow.validateIntrinsic(good) == nil, "\(good)")
        }
        // Observed on AWS: a wrong argument count passes definition checks and fails at run time.
        for wrongArity in ["States.Hash()", "States.Hash('a')", "States.Base64Decode('aGk=', 'x')", "States.StringToJson()",
                           "States.UUID(1)", "States.MathAdd(1, 2, 3)", "States.MathRandom(1)", "States.JsonMerge($.a, $.b)"] {
            #expect(DataFlow.validateIntrinsic(wrongArity) == nil, "\(wrongArity)")
            let name = String(wrongArity.prefix { $0 != "(" })
            #expect(intrinsicError(wrongArity, #"{"a":{},"b":{}}"#) == invalid(name), "\(wrongArity)")
        }
        let eleven = String(repeating: "States.Array(", count: 11) + String(repeating: ")", count: 11)
        let ten = String(repeating: "States.Array(", count: 10) + String(repeating: ")", count: 10)
        #expect(DataFlow.validateIntrinsic(eleven) != nil)
        #expect(DataFlow.validateIntrinsic(ten) == nil)
    }

    @Test func missingPathArgument() {
        let error = intrinsicError("States.Array($.nope)", #"{"a":1}"#)
        #expect(error == StatesError.runtime(#"The JSONPath '$.nope' could not be found in the input '{"a":1}'"#))
    }
}
