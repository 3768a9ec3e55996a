import Testing
@testable import ASL

@Suite struct JSONataLiteralTests {
    @Test func numbers() {
        #expect(jsonata("42") == "42")
        #expect(jsonata("-3.5") == "-3.5")
        #expect(jsonata("1e3") == "1000")
        #expect(jsonata("1.5E-7") == "1.5e-7")
        #expect(jsonata("0.1 + 0.2") == "0.30000000000000004")
        #expect(jsonata("1e21") == "1e+21")
        #expect(jsonata("123456789012345678901") == "123456789012345680000")
    }

    @Test func strings() {
        #expect(jsonata("'single'") == #""single""#)
        #expect(jsonata(#""double""#) == #""double""#)
        #expect(jsonata(#""it's""#) == #""it's""#)
        #expect(jsonata(#"'say "hi"'"#) == #""say \"hi\"""#)
        #expect(jsonata(#""tab\there\nline \u00e9 \"q\" \\ \/""#) == #""tab\there\nline é \"q\" \\ /""#)
        #expect(jsonata(#""\ud83d\ude00""#) == "\"😀\"")
        #expect(jsonata(#""bad \q escape""#) == #"error: S0103: Unsupported escape sequence: \q"#)
        #expect(jsonata(#""unterminated"#) == "error: S0101: String literal must be terminated by a matching quote")
    }

    @Test func constants() {
        #expect(jsonata("true") == "true")
        #expect(jsonata("false") == "false")
        #expect(jsonata("null") == "null")
    }

    @Test func arrays() {
        #expect(jsonata("[1, 'two', 3]") == #"[1,"two",3]"#)
        #expect(jsonata("[]") == "[]")
        #expect(jsonata("[[1, 2], [3]]") == "[[1,2],[3]]")
        #expect(jsonata("[1..5]") == "[1,2,3,4,5]")
        #expect(jsonata("[1..3, 7]") == "[1,2,3,7]")
        // Array values inside a constructor are flattened unless written as constructors.
        #expect(jsonata("[$x, 4]", bindings: ["x": "[1,2,3]"]) == "[1,2,3,4]")
        #expect(jsonata("[nothing, 1]", "{}") == "[1]")
    }

    @Test func objects() {
        #expect(jsonata("{'foo': 'bar'}") == #"{"foo":"bar"}"#)
        #expect(jsonata(#"{"a": 1, "b": [true, null], "c": {"d": 1 + 1}}"#) == #"{"a":1,"b":[true,null],"c":{"d":2}}"#)
        #expect(jsonata("{'a': nothing, 'b': 1}", "{}") == #"{"b":1}"#)
        #expect(jsonata("{1: 2}") == "error: T1003: Key in object structure must evaluate to a string; got: 1")
        #expect(jsonata("{}") == "{}")
    }

    @Test func comments() {
        #expect(jsonata("/* a comment */ 1 + /* another */ 2") == "3")
        #expect(jsonata("1 /* open") == "error: S0106: Comment has no closing tag")
    }

    @Test func syntaxErrors() {
        #expect(jsonata("(1 + 2") == #"error: S0203: Expected ")" before end of expression"#)
        #expect(jsonata("[1, 2)") == #"error: S0202: Expected "]", got ")""#)
        #expect(jsonata("1 +") == "error: S0207: Unexpected end of expression")
        #expect(jsonata("1 2") == #"error: S0201: Syntax error: "2""#)
        #expect(jsonata("5 := 1") == "error: S0212: The left side of := must be a variable name (start with $)")
        #expect(jsonata("$contains('a', //)") == "error: S0301: Empty regular expressions are not allowed")
    }
}
