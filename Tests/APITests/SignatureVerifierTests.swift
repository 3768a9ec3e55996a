import Crypto
import Foundation
import NIOHTTP1
import Testing

@testable import API
@testable import ASL

/// A request signed by a real AWS client, as it reached (or would reach) the server.
struct SignedRequestFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var key: AccessKey
    var method: String
    var path: String
    var query: String
    var headers: [(name: String, value: String)]
    var body: String
    /// Seconds since 1970 of its `X-Amz-Date` (or `Date`).
    var signedAt: Int

    var testDescription: String { name }
    var bodyBytes: [UInt8] { Array(body.utf8) }
    var date: Date { Date(timeIntervalSince1970: TimeInterval(signedAt)) }

    /// The value of the first header named `name` (any case).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A copy with the header named `name` replaced (or added when absent).
    func with(header name: String, _ value: String) -> SignedRequestFixture {
        var copy = self
        if let index = headers.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            copy.headers[index].value = value
        } else {
            copy.headers.append((name, value))
        }
        return copy
    }

    /// A copy without any header named `name`.
    func without(header name: String) -> SignedRequestFixture {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        return copy
    }

    /// A copy whose Authorization header has `old` replaced by `new`.
    func authorization(replacing old: String, with new: String) -> SignedRequestFixture {
        with(header: "Authorization", header("Authorization")!.replacingOccurrences(of: old, with: new))
    }
}

@Suite struct SignatureVerifierTests {
    static let fixtures = SignedRequestFixture.all
    static let byName = Dictionary(uniqueKeysWithValues: fixtures.map { ($0.name, $0) })
    static let plain = byName["botocoreListStateMachines"]!

    /// Every fixture's key, plus a decoy sharing a secret under another id.
    static let verifier = SignatureVerifier(
        keys: fixtures.map(\.key) + [AccessKey(id: "decoy", secret: "test", account: "999999999999")])

    static func verify(_ request: SignedRequestFixture, at now: Date? = nil,
                       with verifier: SignatureVerifier = verifier) -> Result<AccessKey, AuthError>
    {
        verifier.verify(method: request.method, path: request.path, query: request.query, headers: request.headers,
                        body: request.bodyBytes, now: now ?? request.date)
    }

    static func error(_ result: Result<AccessKey, AuthError>) -> AuthError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    // MARK: Real clients

    @Test(arguments: fixtures)
    func verifiesRealClients(_ request: SignedRequestFixture) throws {
        let key = try Self.verify(request).get()
        #expect(key == request.key)
        #expect(key.account == request.key.account)
    }

    @Test(arguments: fixtures)
    func acceptsTheWholeSkewWindow(_ request: SignedRequestFixture) {
        for offset in [-15 * 60, -60, 0, 60, 15 * 60] {
            let result = Self.verify(request, at: request.date.addingTimeInterval(TimeInterval(offset)))
            #expect(throws: Never.self) { try result.get() }
        }
    }

    @Test(arguments: fixtures)
    func ignoresUnsignedHeaders(_ request: SignedRequestFixture) {
        let changed = request.with(header: "User-Agent", "something/else").with(header: "X-Unsigned", "1")
            .with(header: "Content-Length", "999")
        #expect(throws: Never.self) { try Self.verify(changed).get() }
    }

    // MARK: Tampering

    @Test(arguments: fixtures)
    func rejectsAChangedBody(_ request: SignedRequestFixture) {
        var changed = request
        changed.body = request.body.isEmpty ? " " : request.body.replacingOccurrences(of: "}", with: " }")
        #expect(Self.error(Self.verify(changed)) == .signatureMismatch)
    }

    @Test(arguments: fixtures)
    func rejectsAChangedSignedHeader(_ request: SignedRequestFixture) {
        #expect(Self.error(Self.verify(request.with(header: "Host", "evil.example.com"))) == .signatureMismatch)
        if let target = request.header("X-Amz-Target") {
            let changed = request.with(header: "X-Amz-Target", target + "s")
            #expect(Self.error(Self.verify(changed)) == .signatureMismatch)
        }
        if request.header("X-Amz-Security-Token") != nil {
            let changed = request.with(header: "X-Amz-Security-Token", "another-token")
            #expect(Self.error(Self.verify(changed)) == .signatureMismatch)
        }
    }

    @Test(arguments: fixtures)
    func rejectsAChangedMethodPathOrQuery(_ request: SignedRequestFixture) {
        var method = request
        method.method = request.method == "GET" ? "POST" : "GET"
        #expect(Self.error(Self.verify(method)) == .signatureMismatch)
        var path = request
        path.path = request.path + "x"
        #expect(Self.error(Self.verify(path)) == .signatureMismatch)
        var query = request
        query.query = request.query.isEmpty ? "a=1" : request.query + "&z=1"
        #expect(Self.error(Self.verify(query)) == .signatureMismatch)
    }

    @Test(arguments: fixtures)
    func rejectsTheWrongSecret(_ request: SignedRequestFixture) {
        let verifier = SignatureVerifier(keys: [AccessKey(id: request.key.id, secret: request.key.secret + "x",
                                                          account: request.key.account)])
        let error = Self.error(Self.verify(request, with: verifier))
        #expect(error == .signatureMismatch)
        #expect(error?.message == "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        #expect(error?.status == 400)
    }

    @Test func rejectsAnotherSignature() {
        let signature = String(Self.plain.header("Authorization")!.suffix(64))
        let flipped = (signature.first == "0" ? "1" : "0") + signature.dropFirst()
        #expect(Self.error(Self.verify(Self.plain.authorization(replacing: signature, with: flipped)))
            == .signatureMismatch)
        #expect(Self.error(Self.verify(Self.plain.authorization(replacing: signature, with: String(signature.prefix(63)))))
            == .signatureMismatch)
        #expect(Self.error(Self.verify(Self.plain.authorization(replacing: signature, with: signature.uppercased())))
            == .signatureMismatch)
    }

    @Test func checksADeclaredPayloadHash() {
        let hash = CanonicalRequest.hexSHA256(Self.plain.bodyBytes)
        #expect(throws: Never.self) { try Self.verify(Self.plain.with(header: "X-Amz-Content-SHA256", hash)).get() }
        let wrong = CanonicalRequest.hexSHA256(Array("other".utf8))
        #expect(Self.error(Self.verify(Self.plain.with(header: "X-Amz-Content-SHA256", wrong))) == .signatureMismatch)
        #expect(Self.error(Self.verify(Self.plain.with(header: "X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")))
            == .signatureMismatch)
    }

    // MARK: Keys

    @Test(arguments: fixtures)
    func rejectsAnUnknownKey(_ request: SignedRequestFixture) {
        let verifier = SignatureVerifier(keys: [AccessKey(id: "someone-else", secret: request.key.secret, account: "1")])
        let error = Self.error(Self.verify(request, with: verifier))
        #expect(error == AuthError(code: "UnrecognizedClientException",
                                   message: "The security token included in the request is invalid.", status: 400))
    }

    @Test func returnsTheKeyNamedInTheCredential() throws {
        // `decoy` has the same secret as `test`, and the key id is not part of the string to sign: the id in the
        // credential decides which key (and account) the request acts for.
        let key = try Self.verify(Self.plain).get()
        #expect(key.id == "test")
        #expect(key.account == "000000000000")
        let decoy = Self.plain.authorization(replacing: "Credential=test/", with: "Credential=decoy/")
        #expect(try Self.verify(decoy).get().account == "999999999999")
    }

    @Test func toleratesDuplicateKeyIDs() throws {
        let verifier = SignatureVerifier(keys: [
            AccessKey(id: "test", secret: "test", account: "first"), AccessKey(id: "test", secret: "no", account: "second"),
        ])
        #expect(try Self.verify(Self.plain, with: verifier).get().account == "first")
    }

    // MARK: Time

    @Test func rejectsAnExpiredSignature() {
        let error = Self.error(Self.verify(Self.plain, at: Self.plain.date.addingTimeInterval(16 * 60)))
        #expect(error == AuthError(
            code: "InvalidSignatureException",
            message: "Signature expired: 20240517T123456Z is now earlier than 20240517T123556Z (20240517T125056Z - 15 min.)",
            status: 400))
        let justOver = Self.error(Self.verify(Self.plain, at: Self.plain.date.addingTimeInterval(15 * 60 + 1)))
        #expect(justOver?.message.hasPrefix("Signature expired: ") == true)
    }

    @Test func rejectsASignatureFromTheFuture() {
        let error = Self.error(Self.verify(Self.plain, at: Self.plain.date.addingTimeInterval(-16 * 60)))
        #expect(error == AuthError(
            code: "InvalidSignatureException",
            message: "Signature not yet current: 20240517T123456Z is still later than 20240517T123356Z (20240517T121856Z + 15 min.)",
            status: 400))
    }

    @Test func usesTheConfiguredSkew() {
        let verifier = SignatureVerifier(keys: [Self.plain.key], maximumSkew: .seconds(5 * 60))
        let error = Self.error(Self.verify(Self.plain, at: Self.plain.date.addingTimeInterval(6 * 60), with: verifier))
        #expect(error?.message
            == "Signature expired: 20240517T123456Z is now earlier than 20240517T123556Z (20240517T124056Z - 5 min.)")
    }

    @Test func expiresTheDateHeaderToo() {
        let request = Self.byName["botocoreDateHeader"]!
        let error = Self.error(Self.verify(request, at: request.date.addingTimeInterval(3600)))
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.message.hasPrefix("Signature expired: 20240517T123456Z is now earlier than") == true)
    }

    @Test func rejectsAMalformedDate() {
        let error = Self.error(Self.verify(Self.plain.with(header: "X-Amz-Date", "201")))
        #expect(error == AuthError(
            code: "IncompleteSignatureException",
            message: "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
            status: 400))
        for bad in ["20240230T123456Z", "20241317T123456Z", "20240517T243456Z", "20240517 123456Z", "２０24０517T123456Z"] {
            #expect(Self.error(Self.verify(Self.plain.with(header: "X-Amz-Date", bad)))?.code
                == "IncompleteSignatureException")
        }
    }

    @Test func rejectsAScopeOfAnotherDay() {
        let request = Self.plain.authorization(replacing: "/20240517/", with: "/20240516/")
        #expect(Self.error(Self.verify(request)) == .invalidSignature(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20240516' != '20240517', from '20240517T123456Z'."))
    }

    // MARK: Malformed Authorization

    @Test func missingAuthorizationIsAMissingToken() {
        let error = Self.error(Self.verify(Self.plain.without(header: "Authorization")))
        #expect(error == AuthError(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token",
                                   status: 400))
        #expect(error?.awsType == "com.amazon.coral.service#MissingAuthenticationTokenException")
        for notSigV4 in ["", "   ", "AWS4", "Bearer abc.def", "AWS AKID:signature"] {
            #expect(Self.error(Self.verify(Self.plain.with(header: "Authorization", notSigV4)))
                == .missingAuthenticationToken)
        }
    }

    @Test func garbageAuthorizationIsIncomplete() {
        let garbage = "AWS4-HMAC-SHA256 garbage"
        #expect(Self.error(Self.verify(Self.plain.with(header: "Authorization", garbage))) == .incompleteSignature(
            "'garbage' not a valid key=value pair (missing equal-sign) in Authorization header: '\(garbage)'."))

        #expect(Self.error(Self.verify(Self.plain.with(header: "Authorization", "AWS4-").without(header: "X-Amz-Date")))
            == .incompleteSignature(
                "Authorization header requires 'Credential' parameter. "
                    + "Authorization header requires 'Signature' parameter. "
                    + "Authorization header requires 'SignedHeaders' parameter. "
                    + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                    + "Authorization=AWS4-"))

        for partial in ["AWS4- Signature=b Credential=a", "AWS4- Signature=b,Credential=a", "AWS4- Signature=b, Credential=a"] {
            let request = Self.plain.with(header: "Authorization", partial).without(header: "X-Amz-Date")
                .with(header: "Date", "a")
            #expect(Self.error(Self.verify(request)) == .incompleteSignature(
                "Authorization header requires 'SignedHeaders' parameter. Authorization=\(partial)"))
        }
    }

    @Test func rejectsAnotherAlgorithm() {
        let request = Self.plain.authorization(replacing: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA25")
        #expect(Self.error(Self.verify(request)) == .incompleteSignature(
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "))
    }

    @Test func rejectsACredentialWithoutFiveParts() {
        let request = Self.plain.authorization(replacing: "/us-east-1/states/", with: "/us-east-1/")
        #expect(Self.error(Self.verify(request)) == .incompleteSignature(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + "got 'test/20240517/us-east-1/aws4_request'"))
    }

    @Test func rejectsABadScope() {
        let request = Self.plain.authorization(replacing: "us-east-1/states/aws4_request", with: "//aws5_request")
        #expect(Self.error(Self.verify(request)) == .invalidSignature(
            "Credential should be scoped to a valid region, not ''. "
                + "Credential should be scoped to correct service: 'states'. "
                + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."))
    }

    @Test func acceptsAnyRegionAndService() throws {
        // botocoreGetPathQueryHeaders is scoped to us-west-2, the others to us-east-1, eu-west-1, ap-southeast-2.
        let regions = Set(Self.fixtures.compactMap { $0.header("Authorization")?.split(separator: "/")[2] })
        #expect(regions.count >= 3)
    }

    @Test func requiresHostAndDateToBeSigned() {
        let noHost = Self.plain.authorization(
            replacing: "SignedHeaders=content-type;host;x-amz-date;x-amz-target",
            with: "SignedHeaders=content-type;x-amz-date;x-amz-target")
        #expect(Self.error(Self.verify(noHost))
            == .invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization."))
        let noDate = Self.plain.authorization(
            replacing: "SignedHeaders=content-type;host;x-amz-date;x-amz-target",
            with: "SignedHeaders=content-type;host;x-amz-target")
        #expect(Self.error(Self.verify(noDate))
            == .invalidSignature("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."))
    }

    @Test func rejectsBothHeaderAndQueryAuthentication() {
        var request = Self.plain
        request.query = "X-Amz-Algorithm"
        #expect(Self.error(Self.verify(request)) == .invalidSignature(
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."))
    }

    // MARK: As the HTTP server hands it over

    @Test(arguments: fixtures)
    func verifiesAServerRequest(_ request: SignedRequestFixture) throws {
        // NIO's HTTP/1 decoder keeps the header names as sent and the target with its query.
        let target = request.query.isEmpty ? request.path : request.path + "?" + request.query
        let headers = HTTPHeaders(request.headers.map { ($0.name, $0.value) })
        #expect(try Self.verifier.verify(method: request.method, target: target, headers: headers, body: request.bodyBytes,
                                         now: request.date).get() == request.key)
        // Header names in another case sign the same.
        let shouted = HTTPHeaders(request.headers.map { ($0.name.uppercased(), $0.value) })
        #expect(try Self.verifier.verify(method: request.method, target: target, headers: shouted, body: request.bodyBytes,
                                         now: request.date).get() == request.key)
        // Without Host the canonical request changes.
        var noHost = headers
        noHost.remove(name: "Host")
        #expect(Self.error(Self.verifier.verify(method: request.method, target: target, headers: noHost,
                                                body: request.bodyBytes, now: request.date)) == .signatureMismatch)
    }

    @Test func lowercasesASCIIHeaderNames() {
        #expect(ASCIIWords.lowercased("X-Amz-Date") == "x-amz-date")
        #expect(ASCIIWords.lowercased("host") == "host")
        #expect(ASCIIWords.lowercased("ÄB") == "äb")
    }

    // MARK: Canonical request

    @Test func awsTestSuiteGetVanilla() throws {
        // aws-sig-v4-test-suite/get-vanilla.
        let verifier = SignatureVerifier(keys: [
            AccessKey(id: "AKIDEXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", account: "123456789012"),
        ])
        let result = verifier.verify(
            method: "GET", path: "/", query: "",
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, "
                    + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            ],
            body: [], now: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(try result.get().account == "123456789012")
    }

    @Test func canonicalURIEncodesEachSegmentAgain() {
        // Expected values are botocore's.
        #expect(CanonicalRequest.canonicalURI("/a%20b/./c//d/../e~f$") == "/a%2520b/c/e~f%24")
        #expect(CanonicalRequest.canonicalURI("") == "/")
        #expect(CanonicalRequest.canonicalURI("/") == "/")
        #expect(CanonicalRequest.canonicalURI("//") == "/")
        #expect(CanonicalRequest.canonicalURI("/a/b/") == "/a/b/")
        #expect(CanonicalRequest.canonicalURI("/../..") == "/")
        #expect(CanonicalRequest.canonicalURI("/ü") == "/%C3%BC")
    }

    @Test func canonicalQuerySortsAndEncodes() {
        #expect(CanonicalRequest.canonicalQuery("b=2&a=1&a=0&empty=&k=v%2Fw%20x") == "a=0&a=1&b=2&empty=&k=v%2Fw%20x")
        #expect(CanonicalRequest.canonicalQuery("") == "")
        #expect(CanonicalRequest.canonicalQuery("flag&&x=a=b") == "flag=&x=a%3Db")
        #expect(CanonicalRequest.canonicalQuery("k=%7e%zz+") == "k=~%25zz%2B")
    }

    @Test func headerValuesAreTrimmedCollapsedAndJoined() {
        let index = HeaderIndex([("X-Multi", "first"), ("x-multi", "  second   value "), ("Other", "\t a \t b \t")])
        #expect(index.canonicalValue("x-multi") == "first,second value")
        #expect(index.canonicalValue("other") == "a b")
        #expect(index.canonicalValue("absent") == "")
        #expect(HeaderIndex([(":authority", "h:1")]).canonicalValue("host") == "h:1")
    }

    @Test func signingTimeRoundTrips() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let seconds = Int64(generator.next() % 400_000_000_000) - 200_000_000_000
            let time = SigningTime(seconds: seconds)
            #expect(time.basic.utf8.count == 16)
            #expect(SigningTime.parseBasic(time.basic) == time)
        }
        #expect(SigningTime(seconds: 0).basic == "19700101T000000Z")
        #expect(SigningTime(seconds: 951_782_400).basic == "20000229T000000Z")
        #expect(SigningTime.parseBasic("20000229T000000Z")?.seconds == 951_782_400)
        #expect(SigningTime.parseBasic("19000229T000000Z") == nil)
        #expect(SigningTime.parseHTTPDate("Fri, 17 May 2024 12:34:56 GMT")?.seconds == 1_715_949_296)
        #expect(SigningTime.parseHTTPDate("17 May 2024 14:34:56 +0200")?.seconds == 1_715_949_296)
        #expect(SigningTime.parseHTTPDate("Friday, 17-May-24 12:34:56 GMT") == nil)
        #expect(SigningTime(Double.nan).seconds == 0)
        #expect(SigningTime(Double.infinity).basic == "99991231T235959Z")
        #expect(SigningTime(-Double.infinity).basic == "00010101T000000Z")
        #expect(SigningTime(seconds: .max).adding(.max).basic == "99991231T235959Z")
        #expect(SigningTime(seconds: 0).adding(.min).basic == "00010101T000000Z")
    }

    // MARK: Robustness

    @Test func neverCrashesOnHostileInput() {
        var generator = SplitMix64(seed: 42)
        let verifier = SignatureVerifier(keys: [Self.plain.key], maximumSkew: .seconds(Int64.max))
        let pieces = ["AWS4-HMAC-SHA256", "AWS4-", " ", ",", "=", "/", ";", "Credential=", "SignedHeaders=",
                      "Signature=", "test", "20240517", "aws4_request", "host", "x-amz-date", "%", "%zz", "ü", "\u{0}",
                      "\u{FEFF}", "é\u{301}", "🏳️‍🌈", "\t", "..", "X-Amz-Algorithm", "&"]
        func noise(_ count: Int) -> String {
            (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
        let dates = [Date.distantPast, .distantFuture, Date(timeIntervalSince1970: .nan),
                     Date(timeIntervalSince1970: .infinity), Date(timeIntervalSince1970: -.infinity), Self.plain.date]
        for round in 0..<3_000 {
            var request = Self.plain
            request.method = round % 7 == 0 ? noise(2) : request.method
            request.path = noise(Int(generator.next() % 6))
            request.query = noise(Int(generator.next() % 6))
            request.headers = Self.plain.headers + (0..<Int(generator.next() % 4)).map { _ in (noise(2), noise(5)) }
            request = request.with(header: "Authorization", noise(Int(generator.next() % 24)))
            if round % 3 == 0 { request = request.with(header: "X-Amz-Date", noise(3)) }
            if round % 5 == 0 { request = request.without(header: "X-Amz-Date").with(header: "Date", noise(6)) }
            if round % 11 == 0 { request = request.with(header: "Authorization", "AWS4-HMAC-SHA256 " + noise(40)) }
            let result = Self.verify(request, at: dates[round % dates.count], with: verifier)
            if case .failure(let error) = result { #expect(error.status == 400) }
        }
        // Empty and huge inputs.
        #expect(Self.error(verifier.verify(method: "", path: "", query: "", headers: [], body: [], now: Date()))
            == .missingAuthenticationToken)
        let huge = String(repeating: "Credential=a/b/c/d/e, ", count: 50_000)
        let big = Self.plain.with(header: "Authorization", "AWS4-HMAC-SHA256 " + huge).with(header: "X-Big", huge)
        #expect(Self.error(Self.verify(big))?.code == "IncompleteSignatureException")
        var bigBody = Self.plain
        bigBody.body = String(repeating: "{}", count: 1_000_000)
        #expect(Self.error(Self.verify(bigBody)) == .signatureMismatch)
    }
}
