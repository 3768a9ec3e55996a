import Foundation
import Testing

@testable import API
@testable import ASL

/// The byte-level fast paths of the request path answer exactly as the character-level code they replaced, which is
/// kept here as the reference.
@Suite struct FastPathTests {
    /// Pieces that stress the ASCII/non-ASCII boundary: whitespace of both kinds, CR LF, combining marks after
    /// separators, AWS's forbidden name characters.
    static let pieces = ["a", "Z", "0", "-", "_", ".", " ", "  ", "\t", "\r\n", "\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}",
                         "\u{7F}", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "é", "e\u{301}", "=\u{301}", ",\u{301}",
                         "/\u{301}", ".\u{301}", "ü", "🏳️‍🌈", "=", ",", ";", "/", ":", "<", "%", "~", "\u{0}",
                         "Credential", "SignedHeaders", "Signature", "AWS4-HMAC-SHA256", "test/20240517/us-east-1/states/aws4_request"]

    static func noise(_ generator: inout SplitMix64, _ count: Int, asciiOnly: Bool) -> String {
        let pool = asciiOnly ? pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : pieces
        return (0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }.joined()
    }

    /// Both kinds of input, ASCII-only half of the time so the fast paths run.
    static func inputs(seed: UInt64, count: Int = 4_000, length: Int = 12) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { round in noise(&generator, Int(generator.next() % UInt64(length)), asciiOnly: round % 2 == 0) }
    }

    @Test func byteSplittingMatchesTheCharacterSplit() {
        for text in Self.inputs(seed: 6, length: 10) {
            for separator in [UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: " ")] {
                for omitting in [false, true] {
                    for maxSplits in [0, 1, 2, 7, Int.max] {
                        let words = ASCIIWords.split(text, omittingEmpty: omitting, maxSplits: maxSplits,
                                                     where: { $0 == separator })
                        guard let words else {
                            #expect(!text.utf8.allSatisfy { $0 < 0x80 })
                            continue
                        }
                        let reference = text.split(separator: Character(UnicodeScalar(separator)), maxSplits: maxSplits,
                                                   omittingEmptySubsequences: omitting)
                        #expect(words.map(String.init) == reference.map(String.init), "\(Array(text.unicodeScalars))")
                    }
                }
            }
        }
    }

    @Test func arnParsingMatchesTheCharacterReference() {
        func reference(_ arn: String) -> [String]? {
            let parts = arn.split(separator: ":", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 7, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "states",
                  !parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5] == "execution",
                  !parts[6].isEmpty else { return nil }
            return [parts[3], parts[4], parts[5], parts[6], parts.count > 7 ? parts[7] : "-"]
        }
        var generator = SplitMix64(seed: 7)
        let fields = [["arn", "arn\r\n", "ar\u{301}n"], ["aws", "aws-cn", "a"], ["states", "state"],
                      ["us-east-1", "", "é"], ["123456789012", "12345678901\r\n", "١٢٣٤٥٦٧٨٩٠١٢", "1234"],
                      ["execution", "stateMachine"], ["m", "", ":"], ["n", "n:o:p", "", "\u{301}"]]
        for _ in 0..<3_000 {
            let count = 5 + Int(generator.next() % 4)
            let arn = fields.prefix(count).map { $0[Int(generator.next() % UInt64($0.count))] }.joined(separator: ":")
            let parsed = try? NameRules.parse(arn, type: "execution")
            let got = parsed.map { [$0.region, $0.account, $0.type, $0.name, $0.rest ?? "-"] }
            #expect(got == reference(arn), "\(arn)")
        }
    }

    @Test func headerTrimmingMatchesTheScalarReference() {
        func reference(_ value: String) -> String {
            value.unicodeScalars
                .split(whereSeparator: { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) })
                .map { String(String.UnicodeScalarView($0)) }
                .joined(separator: " ")
        }
        for value in Self.inputs(seed: 1) {
            #expect(HeaderIndex.trimAll(value) == reference(value), "\(Array(value.unicodeScalars))")
        }
    }

    @Test func authorizationParsingMatchesTheCharacterReference() {
        func reference(_ raw: String) -> [String?]? {
            let words = raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            guard let algorithm = words.first, algorithm.hasPrefix("AWS4-") else { return nil }
            var credential: String?, signedHeaders: String?, signature: String?
            for pair in words.dropFirst() {
                guard let equals = pair.firstIndex(of: "=") else { return ["error", String(pair)] }
                let value = String(pair[pair.index(after: equals)...])
                switch pair[..<equals] {
                case "Credential": credential = credential ?? value
                case "SignedHeaders": signedHeaders = signedHeaders ?? value
                case "Signature": signature = signature ?? value
                default: break
                }
            }
            return [String(algorithm), credential, signedHeaders, signature]
        }
        func parsed(_ raw: String) -> [String?]? {
            switch AuthorizationHeader.parse(raw) {
            case nil: return nil
            case .failure(let error):
                let pair = error.message.dropFirst().prefix { $0 != "'" }
                return ["error", String(pair)]
            case .success(let header): return [header.algorithm, header.credential, header.signedHeaders, header.signature]
            }
        }
        for body in Self.inputs(seed: 2, length: 16) {
            for raw in [body, "AWS4-HMAC-SHA256 " + body, "AWS4-HMAC-SHA256 Credential=" + body] {
                #expect(parsed(raw) == reference(raw), "\(Array(raw.unicodeScalars))")
            }
        }
    }

    @Test func credentialScopeMatchesTheCharacterReference() {
        for body in Self.inputs(seed: 3) {
            let credential = "k/" + body + "/r/s/aws4_request/"
            var trimmed = Substring(credential)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch CredentialScope.parse(credential) {
            case .success(let scope):
                #expect([scope.accessKeyID, scope.date, scope.region, scope.service, scope.terminator] == parts)
            case .failure:
                #expect(parts.count != 5)
            }
        }
    }

    @Test func nameRulesMatchTheScalarReference() {
        func reference(_ name: String) -> Bool {
            guard (1...80).contains(name.count) else { return false }
            for scalar in name.unicodeScalars {
                let v = scalar.value
                if v <= 0x1F || (0x7F...0x9F).contains(v) { return false }
                if scalar.properties.isWhitespace { return false }
                if "<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars.contains(scalar) { return false }
            }
            return true
        }
        var names = Self.inputs(seed: 4, length: 30)
        names += (0..<128).map { String(UnicodeScalar(UInt8($0))) } + [String(repeating: "a", count: 80),
                 String(repeating: "a", count: 81), String(repeating: "a", count: 79) + "\r\n", ""]
        for name in names {
            #expect(NameRules.isValid(name) == reference(name), "\(Array(name.unicodeScalars))")
        }
    }

    @Test func randomNamesAreLowerCaseUUIDs() {
        for _ in 0..<100 {
            let name = NameRules.randomUUID()
            #expect(UUID(uuidString: name)?.uuidString.lowercased() == name)
            let bytes = Array(name.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8]("89ab".utf8).contains(bytes[19]))
        }
    }

    @Test func generatedExecutionNamesAreTimeOrderedUUIDs() {
        let start = Date(timeIntervalSince1970: 1_763_700_000.125)
        var previous = ""
        for step in 0..<200 {
            let name = NameRules.timeOrderedUUID(now: start.addingTimeInterval(Double(step) * 0.002))
            #expect(UUID(uuidString: name)?.uuidString.lowercased() == name)
            #expect(NameRules.isValid(name))
            let bytes = Array(name.utf8)
            #expect(bytes[14] == UInt8(ascii: "7"))
            #expect([UInt8]("89ab".utf8).contains(bytes[19]))
            #expect(name > previous)
            previous = name
        }
        // The first 48 bits are the milliseconds: 1763700000125 = 0x019a_a4b6_457d.
        #expect(NameRules.timeOrderedUUID(now: start).hasPrefix("019aa4b6-457d-7"))
    }

    @Test func basicTimestampsSpellTheirOwnTime() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let seconds = Int64(generator.next() % 400_000_000_000) - 200_000_000_000
            let basic = SigningTime(seconds: seconds).basic
            #expect(SigningTime.parseBasic(basic)?.basic == basic)
        }
        // Any text parseBasic accepts is its time's spelling (the verifier signs with the header's text).
        var accepted = 0
        for _ in 0..<20_000 {
            // Every field from just below to just above its range.
            func field(_ limit: UInt64, _ width: Int) -> String {
                let digits = String(generator.next() % limit)
                return String(repeating: "0", count: width - digits.count) + digits
            }
            let text = field(10_000, 4) + field(14, 2) + field(33, 2) + "T" + field(25, 2) + field(61, 2) + field(61, 2) + "Z"
            guard let time = SigningTime.parseBasic(text), !text.hasPrefix("0000") else { continue }
            accepted += 1
            #expect(time.basic == text)
        }
        #expect(accepted > 10_000)
        // Year 0000 is clamped to 0001-01-01, so its text is not the time's spelling.
        #expect(SigningTime.parseBasic("00001231T235959Z")?.basic == "00010101T000000Z")
    }

    @Test func repeatedHeadersKeepTheirOrder() {
        let index = HeaderIndex([("A", "1"), ("b", "2"), ("a", " 3 "), ("A", "4")])
        #expect(index.first("a") == "1")
        #expect(index.canonicalValue("a") == "1,3,4")
        #expect(index.canonicalValue("b") == "2")
        var withAuthority = HeaderIndex([(":authority", "h:1")])
        #expect(withAuthority.canonicalValue("host") == "h:1")
        withAuthority.addIfAbsent("host", "h:2")
        #expect(withAuthority.canonicalValue("host") == "h:2")
        withAuthority.addIfAbsent("host", "h:3")
        #expect(withAuthority.canonicalValue("host") == "h:2")
    }
}
