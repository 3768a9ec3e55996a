import Crypto
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Signs a Step Functions call (a `POST /` with an AWS JSON 1.0 body) with AWS Signature Version 4,
/// as the AWS SDKs do: `host`, `x-amz-date`, the target and content type (and the session token,
/// if any) signed, the body's SHA-256 in the canonical request.
///
/// Written here rather than taken from a package: the mirror has no SigV4 signer (Soto is not in
/// it), and one request shape needs only the few lines below. The API's `SignatureVerifier` checks
/// it in the tests.
final class RequestSigner: Sendable {
    let credentials: AWSCredentials
    let region: String
    let service = "states"
    private let cache = Mutex<(String, SymmetricKey)?>(nil)

    init(credentials: AWSCredentials, region: String) {
        self.credentials = credentials
        self.region = region
    }

    /// The headers to send with `body` to `host` (`127.0.0.1:8083`) for `target`
    /// (`AWSStepFunctions.StartExecution`), signed at `date`.
    func headers(host: String, target: String, body: [UInt8], date: Date) -> [(String, String)] {
        let stamp = Self.stamp(date)
        // The same call in the same second signs the same (a fixed input, started again and again).
        if let last = last.withLock({ $0 }), last.stamp == stamp, last.target == target, last.host == host, last.body == body {
            return last.headers
        }
        let headers = sign(host: host, target: target, body: body, stamp: stamp)
        last.withLock { $0 = Signed(stamp: stamp, target: target, host: host, body: body, headers: headers) }
        return headers
    }

    private struct Signed {
        var stamp, target, host: String
        var body: [UInt8]
        var headers: [(String, String)]
    }

    private let last = Mutex<Signed?>(nil)

    private func sign(host: String, target: String, body: [UInt8], stamp: String) -> [(String, String)] {
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
        let key = signingKey(day: day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(names), Signature=\(signature)"
        return signed + [("authorization", authorization)]
    }

    /// The key of `day` (`20261205`), derived from the secret once a day rather than per request.
    private func signingKey(day: String) -> SymmetricKey {
        if let (cachedDay, key) = cache.withLock({ $0 }), cachedDay == day { return key }
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        cache.withLock { $0 = (day, key) }
        return key
    }

    /// `20261205T163000Z` (UTC).
    static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        let fields = [Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec)]
        var out = String(fields[0])
        for (index, value) in fields.dropFirst().enumerated() {
            if index == 2 { out += "T" }
            if value < 10 { out += "0" }
            out += String(value)
        }
        return out + "Z"
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
