import EngineTesting
import JSONValue
import Testing
@testable import ASL

@Suite struct JSONCodecTests {
    @Test func parsesScalars() throws {
        #expect(try JSON(parsing: "null") == .null)
        #expect(try JSON(parsing: " true ") == .bool(true))
        #expect(try JSON(parsing: "false") == .bool(false))
        #expect(try JSON(parsing: "\"hi\"") == .string("hi"))
        #expect(try JSON(parsing: "-12.5e+3").numberValue?.text == "-12.5e+3")
    }

    @Test func numbersKeepTheirText() throws {
        for text in ["0", "-0", "1.0", "1.10", "12345678901234567890123", "1E400", "0.1", "-1e-7"] {
            let value = try JSON(parsing: text)
            #expect(value.numberValue?.text == text)
            #expect(value.serialized() == text)
        }
    }

    @Test func objectKeyOrderAndCompactOutput() throws {
        let text = "{ \"b\" : 1 , \"a\" : [ 1 , { \"z\" : null } ] , \"c\" : \"x\" }"
        #expect(try JSON(parsing: text).serialized() == "{\"b\":1,\"a\":[1,{\"z\":null}],\"c\":\"x\"}")
    }

    @Test func duplicateKeysKeepFirstPositionLastValue() throws {
        let value = try JSON(parsing: "{\"a\":1,\"b\":2,\"a\":3}")
        #expect(value.serialized() == "{\"a\":3,\"b\":2}")
    }

    @Test func stringEscapes() throws {
        let value = try JSON(parsing: #""q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u4e2d""#)
        #expect(value == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t Aé中"))
        #expect(value.serialized() == #""q\" b\\ s/ \b\f\n\r\t Aé中""#)
    }

    @Test func surrogatePairs() throws {
        #expect(try JSON(parsing: #""\ud83c\udd97""#) == .string("🆗"))
        #expect(JSON.string("🆗").serialized() == "\"🆗\"")
        #expect(throws: JSONParseError.self) { try JSON(parsing: #""\ud83c""#) }
        #expect(throws: JSONParseError.self) { try JSON(parsing: #""\udd97x""#) }
    }

    @Test func controlCharactersAreEscapedOnOutput() {
        #expect(JSON.string("\u{1}\u{1F}").serialized() == #""\u0001\u001f""#)
        #expect(JSON.string("a/b").serialized() == "\"a/b\"")
    }

    @Test func rejectsInvalidDocuments() {
        let bad = ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "nul", "\"abc", "[1] x", "{\"a\":1,}",
                   "\"\u{1}\"", "'a'", "[1 2]", "\"\\x\"", "+1", ".5", "NaN"]
        for text in bad {
            #expect(throws: JSONParseError.self, "\(text)") { try JSON(parsing: text) }
        }
    }

    @Test func errorsCarryOffsets() {
        do {
            _ = try JSON(parsing: "[1, 2] x")
            Issue.record("expected a failure")
        } catch {
            #expect(error.offset == 7)
            #expect(error.description.contains("offset 7"))
        }
        do {
            _ = try JSON(parsing: "{\"a\": tx}")
            Issue.record("expected a failure")
        } catch {
            #expect(error.offset == 6)
        }
    }

    @Test func rejectsInvalidUTF8() throws {
        #expect(throws: JSONParseError.self) { try JSON(parsing: [0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSON(parsing: [0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
        #expect(try JSON(parsing: [0x22, 0x5C, 0x6E, 0xC3, 0xA9, 0x22]) == .string("\né"))
        #expect(try JSON(parsing: #"["a\"b","c\\d","e\u0041"]"#) == .array([.string("a\"b"), .string("c\\d"), .string("eA")]))
        #expect(try JSON(parsing: [0x22, 0xC3, 0xA9, 0x22]) == .string("é"))
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        #expect(throws: JSONParseError.self) { try JSON(parsing: deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSON(parsing: ok)) != nil)
    }

    @Test func roundTripsTheSampleDocument() throws {
        let text = JSONSample.sampleDocument(approximateBytes: 20_000)
        let value = try JSON(parsing: text)
        #expect(value.serialized() == text)
        #expect(try JSON(parsing: Array(text.utf8)) == value)
    }

}
