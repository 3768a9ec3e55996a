import Testing
@testable import ASL

/// Hostile or extreme inputs give a value or a JSONata error, never a crash.
@Suite struct JSONataRobustnessTests {
    @Test func hugeNumbersAsIndexesAndCounts() {
        #expect(jsonata("[1,2,3][1e300]") == "undefined")
        #expect(jsonata("[1,2,3][-1e300]") == "undefined")
        #expect(jsonata("$substring('abc', 1e300)") == #""""#)
        #expect(jsonata("$substring('abc', 0, 1e300)") == #""abc""#)
        #expect(jsonata("$split('a b', ' ', 1e300)") == #"["a","b"]"#)
        #expect(jsonata("$round(1.5, 1e300)") == "1.5")
        #expect(jsonata("$partition([1], 1e300)") == "[[1]]")
        #expect(jsonata("$random(1e300) < 1") == "true")
        #expect(jsonata("[1e300..1e300]") == "[9007199254740992]")
        #expect(jsonata("$count([1..10000001])").hasPrefix("error: D2014"))
    }

    @Test func deepNesting() {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        #expect(jsonata(deep).hasPrefix("error: S0201"))
        let deepArray = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(jsonata(deepArray).hasPrefix("["))
    }

    @Test func numberText() {
        #expect(JSONataNumber.format(0.1) == "0.1")
        #expect(JSONataNumber.format(-0.0000001) == "-1e-7")
        #expect(JSONataNumber.format(0.000001) == "0.000001")
        #expect(JSONataNumber.format(123e-20) == "1.23e-18")
        #expect(JSONataNumber.format(1e21) == "1e+21")
        #expect(JSONataNumber.format(2.5e25) == "2.5e+25")
        #expect(JSONataNumber.format(9007199254740993) == "9007199254740992")
        #expect(JSONataNumber.formatForString(0.1 + 0.2) == "0.3")
        #expect(JSONataNumber.formatForString(1 / 3) == "0.333333333333333")
        #expect(JSONataNumber.formatForString(123456789.123456789) == "123456789.123457")
    }

    @Test func inputNumbersKeepTheirText() {
        #expect(jsonata("$states.input", bindings: ["states": #"{"input":{"a":1.50,"b":1e2}}"#]) == #"{"a":1.50,"b":1e2}"#)
        #expect(jsonata("a + 0", #"{"a":1.50}"#) == "1.5")
    }
}
