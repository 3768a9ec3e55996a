import API
import Foundation
@testable import Load
import Testing

@Suite("stepwise load: Signature Version 4")
struct RequestSignerTests {
    @Test("a signed call passes the API's verifier; a wrong secret or a changed body does not")
    func verified() throws {
        let verifier = SignatureVerifier(keys: [AccessKey(id: "AKIDLOAD", secret: "s3cret", account: "123456789012")])
        let date = Date(timeIntervalSince1970: 1_796_480_000)
        let body = Array(#"{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m"}"#.utf8)
        func check(_ secret: String, _ sent: [UInt8], token: String? = nil) -> Bool {
            let signer = RequestSigner(credentials: AWSCredentials(accessKeyId: "AKIDLOAD", secretAccessKey: secret, sessionToken: token),
                                       region: "eu-west-1")
            let headers = signer.headers(host: "127.0.0.1:8083", target: "AWSStepFunctions.StartExecution", body: body, date: date)
            let outcome = verifier.verify(method: "POST", path: "/", query: "", headers: headers.map { (name: $0.0, value: $0.1) },
                                          body: sent, now: date.addingTimeInterval(30))
            if case .success(let key) = outcome { return key.account == "123456789012" }
            return false
        }
        #expect(check("s3cret", body))
        #expect(check("s3cret", body, token: "session-token"))
        #expect(!check("wrong", body))
        #expect(!check("s3cret", body + [0x20]))
        #expect(RequestSigner.stamp(date) == "20261205T141320Z")
        #expect(RequestSigner.stamp(Date(timeIntervalSince1970: 1_767_225_599.9)) == "20251231T235959Z")
    }

    @Test("one signer, many calls: the same call in the same second signs the same; another body or second signs anew")
    func reused() {
        let signer = RequestSigner(credentials: AWSCredentials(accessKeyId: "AKIDLOAD", secretAccessKey: "s3cret"), region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_796_480_000)
        func signature(_ body: String, _ at: Date) -> String {
            signer.headers(host: "h", target: "AWSStepFunctions.StartExecution", body: Array(body.utf8), date: at)
                .first { $0.0 == "authorization" }?.1 ?? ""
        }
        let first = signature("{}", date)
        #expect(signature("{}", date.addingTimeInterval(0.5)) == first)
        #expect(signature("{ }", date) != first)
        #expect(signature("{}", date.addingTimeInterval(1)) != first)
        #expect(signature("{}", date) == first)
    }

    @Test("credentials and region come from the environment, else from the profile files")
    func resolution() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "[default]\naws_access_key_id = A1\naws_secret_access_key = S1\n[load]\naws_access_key_id=A2\naws_secret_access_key=S2\n"
            .write(to: directory.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try "[profile load]\nregion = eu-central-1\n".write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
                     "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path]
        let fromProfile = AWSCredentials.resolve(files.merging(["AWS_PROFILE": "load"]) { $1 })
        #expect(fromProfile.credentials == AWSCredentials(accessKeyId: "A2", secretAccessKey: "S2"))
        #expect(fromProfile.region == "eu-central-1")
        let fromEnvironment = AWSCredentials.resolve(files.merging(["AWS_ACCESS_KEY_ID": "E", "AWS_SECRET_ACCESS_KEY": "ES",
                                                                    "AWS_REGION": "ap-south-1"]) { $1 })
        #expect(fromEnvironment.credentials == AWSCredentials(accessKeyId: "E", secretAccessKey: "ES"))
        #expect(fromEnvironment.region == "ap-south-1")
        #expect(AWSCredentials.resolve(files).credentials == AWSCredentials(accessKeyId: "A1", secretAccessKey: "S1"))
        #expect(AWSCredentials(pair: "K:S") == AWSCredentials(accessKeyId: "K", secretAccessKey: "S"))
        #expect(AWSCredentials(pair: "nosecret") == nil)
    }
}
