import Foundation
import Testing

@testable import API

@Suite("console sessions: signed cookies and CSRF tokens")
struct ConsoleSessionTests {
    static let key = AccessKey(id: "test", secret: "test", account: "123456789012")
    static let other = AccessKey(id: "test2", secret: "test2", account: "210987654321")
    static let keys = ConsoleSession.Keys(accessKeys: [key, other])
    static let now = Date(timeIntervalSince1970: 1_796_480_000)

    @Test("a signed-in session's cookie reads back as the same session until it expires")
    func roundTrip() throws {
        let session = ConsoleSession.signIn(Self.key, now: Self.now)
        let cookie = session.cookie(Self.keys)
        #expect(ConsoleSession.verify(cookie, keys: Self.keys, now: Self.now) == session)
        #expect(session.account == "123456789012" && session.accessKeyId == "test")
        #expect(ConsoleSession.verify(cookie, keys: Self.keys, now: Self.now.addingTimeInterval(12 * 3600 - 1)) == session)
        #expect(ConsoleSession.verify(cookie, keys: Self.keys, now: Self.now.addingTimeInterval(12 * 3600)) == nil)
        // Another process with the same configuration accepts it (the key comes from the access keys,
        // in any order).
        #expect(ConsoleSession.verify(cookie, keys: ConsoleSession.Keys(accessKeys: [Self.other, Self.key]), now: Self.now) == session)
    }

    @Test("a cookie that was changed, forged, signed under other secrets or malformed is refused", arguments: [
        "", "v1", "v1..", "v2.a.b", "v1.a.b.c", "v1.%%%.abc", String(repeating: "x", count: 5000),
    ])
    func refused(_ value: String) {
        #expect(ConsoleSession.verify(value, keys: Self.keys, now: Self.now) == nil)
    }

    @Test("changing the account inside a signed cookie, or signing with a revoked secret, does not pass")
    func tampered() throws {
        let session = ConsoleSession.signIn(Self.key, now: Self.now)
        let cookie = session.cookie(Self.keys)
        let parts = cookie.split(separator: ".").map(String.init)
        let forgedPayload = Base64URL.encode(Array("210987654321|test2|\(session.expires)|\(session.nonce)".utf8))
        #expect(ConsoleSession.verify("v1.\(forgedPayload).\(parts[2])", keys: Self.keys, now: Self.now) == nil)
        let rotated = ConsoleSession.Keys(accessKeys: [AccessKey(id: "test", secret: "new", account: "123456789012"), Self.other])
        #expect(ConsoleSession.verify(cookie, keys: rotated, now: Self.now) == nil)
        var flipped = Array(parts[2])
        flipped[0] = flipped[0] == "A" ? "B" : "A"
        #expect(ConsoleSession.verify("v1.\(parts[1]).\(String(flipped))", keys: Self.keys, now: Self.now) == nil)
    }

    @Test("the CSRF token is the session's own: another sign-in's token is refused")
    func csrf() {
        let a = ConsoleSession.signIn(Self.key, now: Self.now)
        let b = ConsoleSession.signIn(Self.key, now: Self.now)
        #expect(a.acceptsCSRF(a.csrfToken(Self.keys), Self.keys))
        #expect(!a.acceptsCSRF(b.csrfToken(Self.keys), Self.keys))
        #expect(!a.acceptsCSRF("", Self.keys))
        #expect(a.csrfToken(Self.keys) != a.cookie(Self.keys).split(separator: ".").last.map(String.init))
    }

    @Test("the cookie header: HttpOnly, SameSite=Strict, Secure on https; read back from a Cookie header among others")
    func headers() {
        let session = ConsoleSession.signIn(Self.key, now: Self.now)
        let set = session.setCookie(Self.keys, secure: true)
        #expect(set.hasPrefix("stepwise_session=v1.") && set.contains("; HttpOnly") && set.contains("; SameSite=Strict") && set.hasSuffix("; Secure"))
        #expect(!session.setCookie(Self.keys, secure: false).contains("Secure"))
        let value = session.cookie(Self.keys)
        #expect(ConsoleSession.value(inCookieHeader: "theme=dark; stepwise_session=\(value); other=1") == value)
        #expect(ConsoleSession.value(inCookieHeader: "theme=dark") == nil)
        #expect(ConsoleSession.clearCookie.contains("Max-Age=0"))
    }
}
