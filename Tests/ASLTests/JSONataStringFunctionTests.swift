import Testing
@testable import ASL

@Suite struct JSONataStringFunctionTests {
    @Test func string() {
        #expect(jsonata("$string(5)") == #""5""#)
        #expect(jsonata("$string('a')") == #""a""#)
        #expect(jsonata("$string([1, 'b', true])") == #""[1,\"b\",true]""#)
        #expect(jsonata("$string({'a': 1})") == #""{\"a\":1}""#)
        #expect(jsonata("$string(1/3)") == #""0.333333333333333""#)
        #expect(jsonata("$string(null)") == #""null""#)
        #expect(jsonata("$string(missing)", "{}") == "undefined")
        #expect(jsonata("$string({'a': [1]}, true)") == #""{\n  \"a\": [\n    1\n  ]\n}""#)
    }

    @Test func length() {
        #expect(jsonata("$length('Hello World')") == "11")
        #expect(jsonata("$length('')") == "0")
        #expect(jsonata("$length('😀é')") == "2")
        #expect(jsonata("$length(1)") == #"error: T0410: Argument 1 of function "length" does not match function signature"#)
        #expect(jsonata("$length('a', 'b')") == #"error: T0410: Argument 2 of function "length" does not match function signature"#)
    }

    @Test func substring() {
        #expect(jsonata("$substring('Hello World', 3)") == #""lo World""#)
        #expect(jsonata("$substring('Hello World', 3, 5)") == #""lo Wo""#)
        #expect(jsonata("$substring('Hello World', -4)") == #""orld""#)
        #expect(jsonata("$substring('Hello World', -4, 2)") == #""or""#)
        #expect(jsonata("$substring('abc', 5)") == #""""#)
        #expect(jsonata("$substringBefore('Hello World', ' ')") == #""Hello""#)
        #expect(jsonata("$substringBefore('Hello World', 'x')") == #""Hello World""#)
        #expect(jsonata("$substringAfter('Hello World', ' ')") == #""World""#)
        #expect(jsonata("$substringAfter('Hello World', 'x')") == #""Hello World""#)
    }

    @Test func caseAndTrim() {
        #expect(jsonata("$uppercase('Hello World')") == #""HELLO WORLD""#)
        #expect(jsonata("$lowercase('Hello World')") == #""hello world""#)
        #expect(jsonata("$trim(' Hello \n \t World  ')") == #""Hello World""#)
    }

    @Test func pad() {
        #expect(jsonata("$pad('foo', 5)") == #""foo  ""#)
        #expect(jsonata("$pad('foo', -5)") == #""  foo""#)
        #expect(jsonata("$pad('foo', -5, '#')") == "\"##foo\"")
        #expect(jsonata("$pad('foo', 8, 'ab')") == #""fooababa""#)
        #expect(jsonata("$pad($formatBase(35, 2), -8, '0')") == #""00100011""#)
        #expect(jsonata("$pad('foobar', 3)") == #""foobar""#)
    }

    @Test func contains() {
        #expect(jsonata("$contains('abracadabra', 'bra')") == "true")
        #expect(jsonata("$contains('abracadabra', 'xyz')") == "false")
        #expect(jsonata("$contains('abracadabra', /a.*a/)") == "true")
        #expect(jsonata("$contains('abracadabra', /ar.*a/)") == "false")
        #expect(jsonata("$contains('Hello World', /wo/)") == "false")
        #expect(jsonata("$contains('Hello World', /wo/i)") == "true")
    }

    @Test func split() {
        #expect(jsonata("$split('so many words', ' ')") == #"["so","many","words"]"#)
        #expect(jsonata("$split('so many words', ' ', 2)") == #"["so","many"]"#)
        #expect(jsonata("$split('abc', '')") == #"["a","b","c"]"#)
        #expect(jsonata("$split('too much, punctuation. hard; to read', /[ ,.;]+/)") == #"["too","much","punctuation","hard","to","read"]"#)
        #expect(jsonata("$split('a', 'a', -1)") == "error: D3020: Third argument of split function must evaluate to a positive number")
    }

    @Test func join() {
        #expect(jsonata("$join(['a', 'b', 'c'])") == #""abc""#)
        #expect(jsonata("$join(['a', 'b', 'c'], ', ')") == #""a, b, c""#)
        #expect(jsonata("$join('a')") == #""a""#)
        #expect(jsonata("$join([1, 2])") == #"error: T0412: Argument 1 of function "join" must be an array of "strings""#)
    }

    @Test func replace() {
        #expect(jsonata("$replace('John Smith and John Jones', 'John', 'Mr')") == #""Mr Smith and Mr Jones""#)
        #expect(jsonata("$replace('John Smith and John Jones', 'John', 'Mr', 1)") == #""Mr Smith and John Jones""#)
        #expect(jsonata("$replace('abracadabra', /a.*?a/, '*')") == #""*c*bra""#)
        #expect(jsonata(#"$replace('John Smith', /(\w+)\s(\w+)/, '$2, $1')"#) == #""Smith, John""#)
        #expect(jsonata("$replace('265USD', /([0-9]+)USD/, '$$$1')") == #""$265""#)
        #expect(jsonata("$replace('abc', /b/, function($m) { $uppercase($m.match) })") == #""aBc""#)
        #expect(jsonata("$replace('abc', '', 'x')") == "error: D3010: Second argument of replace function cannot be an empty string")
    }

    @Test func match() {
        #expect(jsonata("$match('ababbabbcc', /a(b+)/)") ==
            #"[{"match":"ab","index":0,"groups":["b"]},{"match":"abb","index":2,"groups":["bb"]},{"match":"abb","index":5,"groups":["bb"]}]"#)
        #expect(jsonata("$match('ababbabbcc', /a(b+)/, 1)") == #"{"match":"ab","index":0,"groups":["b"]}"#)
        #expect(jsonata("$match('xyz', /a/)") == "undefined")
    }

    @Test func base64() {
        #expect(jsonata("$base64encode('myuser:mypass')") == #""bXl1c2VyOm15cGFzcw==""#)
        #expect(jsonata("$base64decode('bXl1c2VyOm15cGFzcw==')") == #""myuser:mypass""#)
    }
}
