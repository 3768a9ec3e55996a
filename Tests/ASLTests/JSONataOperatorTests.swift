import Testing
@testable import ASL

@Suite struct JSONataOperatorTests {
    @Test func arithmetic() {
        #expect(jsonata("5 + 2 * 3") == "11")
        #expect(jsonata("(5 + 2) * 3") == "21")
        #expect(jsonata("7 / 2") == "3.5")
        #expect(jsonata("7 % 3") == "1")
        #expect(jsonata("-7 % 3") == "-1")
        #expect(jsonata("-(2 + 3)") == "-5")
        #expect(jsonata("10 - 2 - 3") == "5")
        #expect(jsonata("x + 1", "{}") == "undefined")
        #expect(jsonata("'a' + 1") == #"error: T2001: The left side of the "+" operator must evaluate to a number"#)
        #expect(jsonata("1 * true") == #"error: T2002: The right side of the "*" operator must evaluate to a number"#)
        #expect(jsonata("1 / 0") == "error: D1001: Number out of range: Infinity")
        #expect(jsonata("-'a'") == #"error: D1002: Cannot negate a non-numeric value: "a""#)
    }

    @Test func comparison() {
        #expect(jsonata("1 = 1.0") == "true")
        #expect(jsonata("'a' = 'a'") == "true")
        #expect(jsonata("1 = '1'") == "false")
        #expect(jsonata("1 != 2") == "true")
        #expect(jsonata("[1, 2] = [1, 2]") == "true")
        #expect(jsonata("{'a': 1, 'b': 2} = {'b': 2, 'a': 1}") == "true")
        #expect(jsonata("x = x", "{}") == "false")
        #expect(jsonata("3 > 2") == "true")
        #expect(jsonata("3 <= 2") == "false")
        #expect(jsonata("'abc' < 'abd'") == "true")
        #expect(jsonata("'b' >= 'a'") == "true")
        #expect(jsonata("x < 1", "{}") == "undefined")
        #expect(jsonata("1 < 'a'") == #"error: T2009: The values 1 and "a" either side of operator "<" must be of the same data type"#)
        #expect(jsonata("true > 1") == #"error: T2010: The expressions either side of operator ">" must evaluate to numeric or string values"#)
    }

    @Test func booleanOperators() {
        #expect(jsonata("true and false") == "false")
        #expect(jsonata("true or false") == "true")
        #expect(jsonata("'x' and 1") == "true")
        #expect(jsonata("missing or false", "{}") == "false")
        #expect(jsonata("false and $error('not evaluated')") == "false")
    }

    @Test func concatenation() {
        #expect(jsonata("'Hello' & ' ' & 'World'") == #""Hello World""#)
        #expect(jsonata("'n=' & 5") == #""n=5""#)
        #expect(jsonata("'v' & true & null") == #""vtruenull""#)
        #expect(jsonata("'x' & missing", "{}") == #""x""#)
        #expect(jsonata("'a' & [1, 2]") == #""a[1,2]""#)
        #expect(jsonata("'' & 1/3") == #""0.333333333333333""#)
    }

    @Test func membership() {
        #expect(jsonata("'b' in ['a', 'b']") == "true")
        #expect(jsonata("3 in [1, 2]") == "false")
        #expect(jsonata("1 in 1") == "true")
        #expect(jsonata("x in [1]", "{}") == "false")
    }

    @Test func range() {
        #expect(jsonata("1..3") == "[1,2,3]")
        #expect(jsonata("[3..1]") == "[]")
        #expect(jsonata("[1.5..3]") == "error: T2003: The left side of the range operator (..) must evaluate to an integer")
        #expect(jsonata("[1..'3']") == "error: T2004: The right side of the range operator (..) must evaluate to an integer")
    }

    @Test func conditional() {
        #expect(jsonata("1 < 2 ? 'yes' : 'no'") == #""yes""#)
        #expect(jsonata("1 > 2 ? 'yes' : 'no'") == #""no""#)
        #expect(jsonata("1 > 2 ? 'yes'") == "undefined")
        #expect(jsonata("[] ? 'yes' : 'no'") == #""no""#)
        #expect(jsonata("a ? 'yes' : 'no'", #"{"a":0}"#) == #""no""#)
    }

    @Test func variablesAndBlocks() {
        #expect(jsonata("$x := 5") == "5")
        #expect(jsonata("($x := 5; $y := $x * 2; $x + $y)") == "15")
        #expect(jsonata("($x := 1; ($x := 2); $x)") == "1")
        #expect(jsonata("$a := $b := 3") == "3")
        #expect(jsonata("$missing") == "undefined")
        #expect(jsonata("$v.k", bindings: ["v": #"{"k":"value"}"#]) == #""value""#)
        #expect(jsonata("()") == "undefined")
    }

    @Test func lambdas() {
        #expect(jsonata("($double := function($x) { $x * 2 }; $double(21))") == "42")
        #expect(jsonata("function($x){$x}") == "function")
        #expect(jsonata("$fn := function($x){$x}") == "function")
        #expect(jsonata("(function($a, $b) { $a + $b })(1, 2)") == "3")
        #expect(jsonata("($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(5))") == "120")
        #expect(jsonata("($add := function($a, $b) { $a + $b }; $inc := $add(?, 1); $inc(41))") == "42")
        #expect(jsonata("($k := 10; $f := function($x) { $x + $k }; $k := 20; $f(1))") == "21")
        #expect(jsonata("λ($x)<n:n>{ $x + 1 }(1)") == "2")
        #expect(jsonata("($f := function($n) { $f($n + 1) }; $f(0))").hasPrefix("error: U1001"))
    }

    @Test func invokingNonFunctions() {
        #expect(jsonata("$nothing(1)") == "error: T1006: Attempted to invoke a non-function")
        #expect(jsonata("$x(1)", bindings: ["x": "1"]) == "error: T1006: Attempted to invoke a non-function")
        #expect(jsonata("uppercase('a')", "{}") == "error: T1005: Attempted to invoke a non-function. Did you mean $uppercase?")
    }

    @Test func chaining() {
        #expect(jsonata("'hello' ~> $uppercase()") == #""HELLO""#)
        #expect(jsonata("'  a  b ' ~> $trim ~> $uppercase") == #""A B""#)
        #expect(jsonata("[1,2,3] ~> $map(function($v) { $v * 10 }) ~> $sum()") == "60")
        #expect(jsonata("($f := $uppercase ~> $trim; $f(' x '))") == #""X""#)
        #expect(jsonata("1 ~> 2") == "error: T2006: The right side of the function application operator ~> must be a function")
    }

    @Test func transform() {
        #expect(jsonata("$ ~> |Address|{'City': 'London'}|", jsonataSample).contains(#""City":"London""#))
        #expect(jsonata("$ ~> |Phone[type='office']|{'ext': 1}, ['number']|", #"{"Phone":[{"type":"home","number":"1"},{"type":"office","number":"2"}]}"#) ==
            #"{"Phone":[{"type":"home","number":"1"},{"type":"office","ext":1}]}"#)
        #expect(jsonata("$ ~> |$|{}, 'b'|", #"{"a":1,"b":2}"#) == #"{"a":1}"#)
        #expect(jsonata("$ ~> |a|5|", #"{"a":{"x":1}}"#) == "error: T2011: The insert/update clause of the transform expression must evaluate to an object: 5")
    }

    @Test func contextFunctions() {
        #expect(jsonata("Address.City.$uppercase()", jsonataSample) == #""WINCHESTER""#)
        #expect(jsonata("Phone.type.$substring(0, 1)", jsonataSample) == #"["h","o","o","m"]"#)
        #expect(jsonata("Age.$string()", jsonataSample) == #""28""#)
    }
}
