import JSONValue
import Testing
@testable import ASL

@Suite struct JSONataNumericFunctionTests {
    @Test func number() {
        #expect(jsonata("$number('5')") == "5")
        #expect(jsonata("$number('-0.05')") == "-0.05")
        #expect(jsonata("$number('1e2')") == "100")
        #expect(jsonata("$number('0x12')") == "18")
        #expect(jsonata("$number(true)") == "1")
        #expect(jsonata("$number(7)") == "7")
        #expect(jsonata("$number('abc')") == #"error: D3030: Unable to cast value to a number: "abc""#)
        #expect(jsonata("$number(' 1')") == #"error: D3030: Unable to cast value to a number: " 1""#)
        #expect(jsonata("$number([1])") == #"error: T0410: Argument 1 of function "number" does not match function signature"#)
    }

    @Test func rounding() {
        #expect(jsonata("$abs(-5)") == "5")
        #expect(jsonata("$floor(5.8)") == "5")
        #expect(jsonata("$floor(-5.3)") == "-6")
        #expect(jsonata("$ceil(5.3)") == "6")
        #expect(jsonata("$ceil(-5.8)") == "-5")
        #expect(jsonata("$round(123.456)") == "123")
        #expect(jsonata("$round(123.456, 2)") == "123.46")
        #expect(jsonata("$round(123.456, -1)") == "120")
        #expect(jsonata("$round(123.456, -2)") == "100")
        #expect(jsonata("$round(11.5)") == "12")
        #expect(jsonata("$round(12.5)") == "12")
        #expect(jsonata("$round(125, -1)") == "120")
        #expect(jsonata("$round(-2.5)") == "-2")
        #expect(jsonata("$round(1.005, 2)") == "1")
    }

    @Test func powerAndRoot() {
        #expect(jsonata("$power(2, 8)") == "256")
        #expect(jsonata("$power(2, -2)") == "0.25")
        #expect(jsonata("$round($power(2, 0.5), 12)") == "1.414213562373")
        #expect(jsonata("$sqrt(4)") == "2")
        #expect(jsonata("$round($sqrt(2), 12)") == "1.414213562373")
        #expect(jsonata("$sqrt(-1)") == "error: D3060: The sqrt function cannot be applied to a negative number: -1")
        #expect(jsonata("$power(10, 400)") == "error: D3061: The power function has resulted in a value that cannot be represented as a JSON number: base=10, exponent=400")
    }

    @Test func aggregates() {
        #expect(jsonata("$sum([5,1,3,7,4])") == "20")
        #expect(jsonata("$max([5,1,3,7,4])") == "7")
        #expect(jsonata("$min([5,1,3,7,4])") == "1")
        #expect(jsonata("$average([5,1,3,7,4])") == "4")
        #expect(jsonata("$sum([])") == "0")
        #expect(jsonata("$max([])") == "undefined")
        #expect(jsonata("$sum(5)") == "5")
        #expect(jsonata("$sum(missing)", "{}") == "undefined")
        #expect(jsonata("$sum([1, 'a'])") == #"error: T0412: Argument 1 of function "sum" must be an array of "numbers""#)
        #expect(jsonata("$sum(Phone.number.$length())", jsonataSample) == "50")
    }

    @Test func formatNumber() {
        #expect(jsonata("$formatNumber(12345.6, '#,###.00')") == #""12,345.60""#)
        #expect(jsonata("$formatNumber(34.555, '#0.00;(#0.00)')") == #""34.56""#)
        #expect(jsonata("$formatNumber(-34.555, '#0.00;(#0.00)')") == #""(34.56)""#)
        #expect(jsonata("$formatNumber(0.14, '01%')") == #""14%""#)
        #expect(jsonata("$formatNumber(0.4857, '###.###‰')") == #""485.7‰""#)
        #expect(jsonata("$formatNumber(-1234567.891, '#,##0.0')") == #""-1,234,567.9""#)
        #expect(jsonata("$formatNumber(5, '000')") == #""005""#)
        #expect(jsonata("$formatNumber(1e-7, '0.000000000')") == #""0.000000100""#)
        #expect(jsonata("$formatNumber(1, 'a;b;c')").hasPrefix("error: D3080"))
    }

    @Test func formatBase() {
        #expect(jsonata("$formatBase(100, 2)") == #""1100100""#)
        #expect(jsonata("$formatBase(2555, 16)") == #""9fb""#)
        #expect(jsonata("$formatBase(1, 1)") == "error: D3100: The radix of the formatBase function must be between 2 and 36.  It was given 1")
    }
}
