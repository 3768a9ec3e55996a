import Crypto
import Foundation

/// The console's sign-in session, carried in a cookie (pure): who signed in (the account and the
/// access key that proved it), until when, signed with HMAC-SHA256 so it cannot be forged or
/// changed, and a CSRF token bound to it for every request that changes state.
///
/// The cookie value is `v1.<payload>.<mac>`, both base64url: the payload is
/// `account|accessKeyId|expiresAtSeconds|nonce`. The signing key comes from the access keys the
/// process is configured with (`ConsoleSession.Keys(accessKeys:)`): every API process of a cluster
/// with the same configuration accepts the others' cookies, and changing or revoking a secret
/// ends the sessions signed while it was in use. Checked in constant time; anything malformed,
/// expired or signed with another key is refused, never a crash.
struct ConsoleSession: Sendable, Equatable {
    var account: String
    var accessKeyId: String
    /// Seconds since 1970 after which the session is refused.
    var expires: Int64
    /// Makes each sign-in's cookie (and CSRF token) its own.
    var nonce: String

    static let cookieName = "stepwise_session"
    /// How long a sign-in lasts.
    static let lifetime: Int64 = 12 * 3600

    /// The key sessions are signed with.
    struct Keys: Sendable {
        let mac: SymmetricKey

        /// Derived from every configured access key (ids and secrets, in a fixed order).
        init(accessKeys: [AccessKey]) {
            var hasher = SHA256()
            hasher.update(data: Array("stepwise-console-session-v1".utf8))
            for key in accessKeys.sorted(by: { ($0.account, $0.id) < ($1.account, $1.id) }) {
                for part in [key.account, key.id, key.secret] {
                    hasher.update(data: Array("\(part.utf8.count):\(part)".utf8))
                }
            }
            mac = SymmetricKey(data: Data(hasher.finalize()))
        }
    }

    /// A new session for `key`, signed in at `now`.
    static func signIn(_ key: AccessKey, now: Date) -> ConsoleSession {
        var nonce = [UInt8](repeating: 0, count: 16)
        for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255) }
        return ConsoleSession(account: key.account, accessKeyId: key.id, expires: Int64(now.timeIntervalSince1970) + lifetime,
                              nonce: Base64URL.encode(nonce))
    }

    /// The signed cookie value.
    func cookie(_ keys: Keys) -> String {
        let payload = Base64URL.encode(Array("\(account)|\(accessKeyId)|\(expires)|\(nonce)".utf8))
        return "v1.\(payload).\(Self.mac("cookie", payload, keys))"
    }

    /// The session a cookie value carries, if it is well formed, signed with `keys` and not expired at `now`.
    static func verify(_ value: String, keys: Keys, now: Date) -> ConsoleSession? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", parts[1].utf8.count <= 1024 else { return nil }
        let payload = String(parts[1])
        guard constantTimeEqual(mac("cookie", payload, keys), String(parts[2])),
              let bytes = Base64URL.decode(payload) else { return nil }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4, let expires = Int64(fields[2]), expires > Int64(now.timeIntervalSince1970) else { return nil }
        return ConsoleSession(account: fields[0], accessKeyId: fields[1], expires: expires, nonce: fields[3])
    }

    /// The token a page sends back with a request that changes state (a form field or header).
    func csrfToken(_ keys: Keys) -> String {
        Self.mac("csrf", "\(account)|\(accessKeyId)|\(expires)|\(nonce)", keys)
    }

    /// Whether `token` is this session's CSRF token.
    func acceptsCSRF(_ token: String, _ keys: Keys) -> Bool {
        Self.constantTimeEqual(csrfToken(keys), token)
    }

    /// The `Set-Cookie` header value: HttpOnly, SameSite=Strict, for the whole site, until it expires.
    func setCookie(_ keys: Keys, secure: Bool) -> String {
        "\(Self.cookieName)=\(cookie(keys)); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Self.lifetime)" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` header value that signs out.
    static let clearCookie = "\(cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"

    /// The session cookie's value in a `Cookie` request header, if there is one.
    static func value(inCookieHeader header: String) -> String? {
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            if trimmed.hasPrefix(cookieName + "=") { return String(trimmed.dropFirst(cookieName.count + 1)) }
        }
        return nil
    }

    private static func mac(_ purpose: String, _ text: String, _ keys: Keys) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("\(purpose)|\(text)".utf8), using: keys.mac)))
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Base64url without padding (RFC 4648 §5), as cookies carry it.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
