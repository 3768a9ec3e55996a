import JSONValue
import Testing
@testable import ASL

/// The functions Step Functions adds, and the standard ones it leaves out.
@Suite struct JSONataAWSFunctionTests {
    @Test func partition() {
        #expect(jsonata("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)") == "[[1,2,3],[4,5,6],[7,8,9]]")
        #expect(jsonata("$partition([], 2)") == "[]")
        #expect(jsonata("$partition([1], 0)").hasPrefix("error: T0410"))
    }

    @Test func range() {
        #expect(jsonata("$range(0, 10, 2)") == "[0,2,4,6,8,10]")
        #expect(jsonata("$range(0, 10, 3)") == "[0,3,6,9]")
        #expect(jsonata("$range(5, 1, -2)") == "[5,3,1]")
        #expect(jsonata("$range(1, 0, 1)") == "[]")
        #expect(jsonata("$range(0, 1, 0)").hasPrefix("error: T0410"))
    }

    @Test func hash() {
        #expect(jsonata("$hash('abc', 'MD5')") == #""900150983cd24fb0d6963f7d28e17f72""#)
        #expect(jsonata("$hash('abc', 'SHA-256')") == #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#)
        #expect(jsonata("$hash('abc', 'SHA-1')") == #""a9993e364706816aba3e25717850c26c9cd0d89d""#)
        #expect(jsonata("$hash('abc', 'CRC')").hasPrefix("error: T0410"))
    }

    @Test func random() {
        let a = jsonata("$random()", seed: 1), b = jsonata("$random()", seed: 2)
        #expect(a != b)
        #expect(jsonata("$random()", seed: 1) == a)
        #expect(jsonata("$random() >= 0 and $random() < 1", seed: 3) == "true")
        #expect(jsonata("$random(42)", seed: 1) == jsonata("$random(42)", seed: 2))
    }

    @Test func uuid() {
        let u = jsonata("$uuid()", seed: 9)
        #expect(u.count == 38)
        #expect(jsonata("$substring($uuid(), 14, 1)", seed: 9) == #""4""#)
        #expect(jsonata("$uuid() = $uuid()", seed: 9) == "false")
        #expect(jsonata("$uuid()", seed: 9) == u)
    }

    @Test func parse() {
        #expect(jsonata(#"$parse('{"a": [1, 2.50]}')"#) == #"{"a":[1,2.50]}"#)
        #expect(jsonata("$parse('\"text\"')") == #""text""#)
        #expect(jsonata("$parse('{bad')").hasPrefix("error: D3140"))
    }

    @Test func notInStepFunctions() {
        #expect(jsonata("$eval('1 + 1')") == "error: T1006: Attempted to invoke a non-function")
        #expect(jsonata("$randomSeeded(1)") == "error: T1006: Attempted to invoke a non-function")
    }

    @Test func dateTimeUsesTheCallersClock() throws {
        let e = try JSONataExpression(parsing: "[$now(), $millis(), $fromMillis(0), $toMillis('2024-01-02T03:04:05.678Z')]")
        let v = try e.evaluate(input: nil, bindings: [:], seed: 0, nowMilliseconds: 1_704_164_645_678)
        #expect(v?.serialized() == #"["2024-01-02T03:04:05.678Z",1704164645678,"1970-01-01T00:00:00.000Z",1704164645678]"#)
        #expect(jsonata("$now()") == "error: D3137: The current time is not available to this evaluation")
    }

    @Test func datePictures() {
        #expect(jsonata("$fromMillis(1510067557121)") == #""2017-11-07T15:12:37.121Z""#)
        #expect(jsonata("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01]')") == #""2017-11-07""#)
        #expect(jsonata("$fromMillis(1510067557121, '[M01]/[D01]/[Y0001] [h#1]:[m01][P]')") == #""11/07/2017 3:12pm""#)
        #expect(jsonata("$fromMillis(1510067557121, '[H01]:[m01]:[s01] [z]', '-0500')") == #""10:12:37 GMT-05:00""#)
        #expect(jsonata("$fromMillis(1510067557121, '[FNn], [D] [MNn] [Y]')") == #""Tuesday, 7 November 2017""#)
        #expect(jsonata("$fromMillis(0, '[Y0001]/[M01]/[D01] [[literal]]')") == #""1970/01/01 [literal]""#)
        #expect(jsonata("$fromMillis(1510067557121, undefined, '+0100')") == #""2017-11-07T16:12:37.121+01:00""#)
    }

    @Test func urlEncoding() {
        #expect(jsonata("$encodeUrlComponent('?x=test')") == #""%3Fx%3Dtest""#)
        #expect(jsonata("$encodeUrl('https://mozilla.org/?x=шеллы')") == #""https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B""#)
        #expect(jsonata("$decodeUrlComponent('%3Fx%3Dtest')") == #""?x=test""#)
        #expect(jsonata("$decodeUrl('https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B')") == #""https://mozilla.org/?x=шеллы""#)
    }
}
