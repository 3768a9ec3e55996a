import Crypto
import Foundation

/// Signs a Step Functions call (a `POST /` with an AWS JSON 1.0 body) with AWS Signature Version 4,
/// as the AWS SDKs do: `host`, `x-amz-date`, the target and content type (and the session token,
/// if any) signed, the body's SHA-256 in the canonical request.
///
/// Written here rather than taken from a package: the mirror has no SigV4 signer (Soto is not in
/// it), and one request shape needs only the few lines below. The API's `SignatureVerifier` checks
/// it in the tests.
struct RequestSigner: Sendable {
    let credentials: AWSCredentials
    let region: String
    let service = "states"

    /// The headers to send with `body` to `host` (`127.0.0.1:8083`) for `target`
    /// (`AWSStepFunctions.StartExecution`), signed at `date`.
    func headers(host: String, target: String, body: [UInt8], date: Date) -> [(String, String)] {
        let stamp = Self.stamp(date)
        let day = String(stamp.prefix(8))
        var signed: [(String, String)] = [
            ("content-type", "application/x-amz-json-1.0"), ("host", host), ("x-amz-date", stamp), ("x-amz-target", target),
        ]
        if let token = credentials.sessionToken { signed.append(("x-amz-security-token", token)) }
        signed.sort { $0.0 < $1.0 }
        let names = signed.map(\.0).joined(separator: ";")
        let payloadHash = Self.hex(SHA256.hash(data: body))
        let canonical = ["POST", "/", "", signed.map { "\($0.0):\($0.1)\n" }.joined(), names, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let toSign = ["AWS4-HMAC-SHA256", stamp, scope, Self.hex(SHA256.hash(data: Array(canonical.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(names), Signature=\(signature)"
        return signed + [("authorization", authorization)]
    }

    /// `20261205T163000Z`.
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
