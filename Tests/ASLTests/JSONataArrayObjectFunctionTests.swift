import Testing
@testable import ASL

@Suite struct JSONataArrayObjectFunctionTests {
    @Test func booleans() {
        #expect(jsonata("$boolean('')") == "false")
        #expect(jsonata("$boolean('0')") == "true")
        #expect(jsonata("$boolean(0)") == "false")
        #expect(jsonata("$boolean([])") == "false")
        #expect(jsonata("$boolean([0, 1])") == "true")
        #expect(jsonata("$boolean([0])") == "false")
        #expect(jsonata("$boolean({})") == "false")
        #expect(jsonata("$boolean(null)") == "false")
        #expect(jsonata("$boolean(function(){1})") == "false")
        #expect(jsonata("$not(true)") == "false")
        #expect(jsonata("$not('')") == "true")
        #expect(jsonata("$not(missing)", "{}") == "undefined")
        #expect(jsonata("$exists(Other.Misc)", jsonataSample) == "true")
        #expect(jsonata("$exists(Other.Nothing)", jsonataSample) == "false")
    }

    @Test func arrays() {
        #expect(jsonata("$count([1,2,3,1])") == "4")
        #expect(jsonata("$count('hello')") == "1")
        #expect(jsonata("$count([])") == "0")
        #expect(jsonata("$count(missing)", "{}") == "0")
        #expect(jsonata("$append([1,2,3], [4,5,6])") == "[1,2,3,4,5,6]")
        #expect(jsonata("$append([1,2,3], 4)") == "[1,2,3,4]")
        #expect(jsonata("$append('Hello', 'World')") == #"["Hello","World"]"#)
        #expect(jsonata("$reverse(['Hello', 'World'])") == #"["World","Hello"]"#)
        #expect(jsonata("$distinct([1,2,3,3,4,3,5])") == "[1,2,3,4,5]")
        #expect(jsonata("$distinct([{'a':1},{'a':1}])") == #"[{"a":1}]"#)
        #expect(jsonata("$zip([1,2,3], [4,5,6])") == "[[1,4],[2,5],[3,6]]")
        #expect(jsonata("$zip([1,2,3], [4,5], [7,8,9])") == "[[1,4,7],[2,5,8]]")
    }

    @Test func sort() {
        #expect(jsonata("$sort([3, 1, 2])") == "[1,2,3]")
        #expect(jsonata("$sort(['b', 'c', 'a'])") == #"["a","b","c"]"#)
        #expect(jsonata("$sort([3, 1, 2], function($l, $r) { $l < $r })") == "[3,2,1]")
        #expect(jsonata("$sort(Phone, function($l, $r) { $l.number > $r.number }).type", jsonataSample) == #"["office","office","home","mobile"]"#)
        #expect(jsonata("$sort([1, 'a'])").hasPrefix("error: D3070"))
    }

    @Test func shuffleIsAPermutationFromTheSeed() {
        let a = jsonata("$shuffle([1,2,3,4,5,6,7,8])", seed: 7)
        #expect(a == jsonata("$shuffle([1,2,3,4,5,6,7,8])", seed: 7))
        #expect(jsonata("$sort($shuffle([1,2,3,4,5,6,7,8]))", seed: 7) == "[1,2,3,4,5,6,7,8]")
    }

    @Test func objects() {
        #expect(jsonata("$keys({'a': 1, 'b': 2})") == #"["a","b"]"#)
        #expect(jsonata("$keys(Phone)", jsonataSample) == #"["type","number"]"#)
        #expect(jsonata("$keys({'a': 1})") == #""a""#)
        #expect(jsonata("$lookup({'a': 1, 'b': 2}, 'b')") == "2")
        #expect(jsonata("$lookup(Phone, 'type')", jsonataSample) == #"["home","office","office","mobile"]"#)
        #expect(jsonata("$spread({'a': 1, 'b': 2})") == #"[{"a":1},{"b":2}]"#)
        #expect(jsonata("$merge([{'a': 1}, {'b': 2}, {'a': 3}])") == #"{"a":3,"b":2}"#)
        #expect(jsonata("$each(Address, function($v, $k) { $k & ': ' & $v })", jsonataSample) ==
            #"["Street: Hursley Park","City: Winchester","Postcode: SO21 2JN"]"#)
        #expect(jsonata("$sift({'a': 1, 'b': 2}, function($v) { $v > 1 })") == #"{"b":2}"#)
        #expect(jsonata("$clone({'a': [1, {'b': 2}]})") == #"{"a":[1,{"b":2}]}"#)
    }

    @Test func types() {
        #expect(jsonata("$type('a')") == #""string""#)
        #expect(jsonata("$type(1)") == #""number""#)
        #expect(jsonata("$type(true)") == #""boolean""#)
        #expect(jsonata("$type(null)") == #""null""#)
        #expect(jsonata("$type([])") == #""array""#)
        #expect(jsonata("$type({})") == #""object""#)
        #expect(jsonata("$type($sum)") == #""function""#)
        #expect(jsonata("$type(missing)", "{}") == "undefined")
    }

    @Test func errorAndAssert() {
        #expect(jsonata("$error('boom')") == "error: D3137: boom")
        #expect(jsonata("$assert(1 = 2, 'not equal')") == "error: D3141: not equal")
        #expect(jsonata("$assert(true, 'fine')") == "undefined")
    }

    @Test func higherOrder() {
        #expect(jsonata("$map([1,2,3], function($v) { $v * 2 })") == "[2,4,6]")
        #expect(jsonata("$map([1..5], $string)") == #"["1","2","3","4","5"]"#)
        #expect(jsonata("$map([10, 20], function($v, $i) { $v + $i })") == "[10,21]")
        #expect(jsonata("$map([1], function($v) { $v })") == "1")
        #expect(jsonata("$filter([1..10], function($v) { $v % 2 = 0 })") == "[2,4,6,8,10]")
        #expect(jsonata("$filter(Phone, function($p, $i) { $i > 2 }).type", jsonataSample) == #""mobile""#)
        #expect(jsonata("$reduce([1..5], function($i, $j) { $i * $j })") == "120")
        #expect(jsonata("$reduce([1..5], function($acc, $v) { $acc + $v }, 100)") == "115")
        #expect(jsonata("$reduce([1], function($a) { $a })") == "error: D3050: The second argument of reduce function must be a function with at least two arguments")
        #expect(jsonata("$single([1, 2, 3], function($v) { $v = 2 })") == "2")
        #expect(jsonata("$single([1, 2], function($v) { $v > 0 })") == "error: D3138: The $single() function expected exactly 1 matching result.  Instead it matched more.")
        #expect(jsonata("$single([1, 2], function($v) { $v > 5 })") == "error: D3139: The $single() function expected exactly 1 matching result.  Instead it matched 0.")
    }
}
