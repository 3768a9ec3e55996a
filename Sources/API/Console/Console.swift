import Coordinator
import Foundation
import NIOHTTP1
import Store

/// The console's first pages, on the API's port under `/console` (#18, first part): sign-in with an
/// access key and its secret, the account's newest executions, and an execution's page with its
/// place in the tree (the execution that started it, its root, the executions it started), linked
/// both ways. Server-rendered from swift-mustache templates (`ConsolePages`); no scripts yet.
///
/// Every page but sign-in needs a session (`ConsoleSession`); without one a page redirects to
/// sign-in. A signed-in person sees only their account's executions: another account's answers 404,
/// as an execution that does not exist does. Sign-out takes the session's CSRF token.
struct Console: Sendable {
    let keys: [AccessKey]
    let sessionKeys: ConsoleSession.Keys
    let context: APIContext

    init(keys: [AccessKey], context: APIContext) {
        self.keys = keys
        self.sessionKeys = ConsoleSession.Keys(accessKeys: keys)
        self.context = context
    }

    /// The console's answer to `request`, or nil when the path is not the console's.
    func route(_ request: HTTPServerRequest, now: Date = Date()) async -> HTTPServerResponse? {
        let path = request.path
        guard path == "/console" || path.hasPrefix("/console/") else { return nil }
        let session = request.headers.first(name: "Cookie").flatMap(ConsoleSession.value(inCookieHeader:))
            .flatMap { ConsoleSession.verify($0, keys: sessionKeys, now: now) }
        switch (request.method, path) {
        case (.GET, "/console/sign-in"):
            return page(200, ConsolePages.signIn(message: nil))
        case (.POST, "/console/sign-in"):
            return signIn(Self.form(request.body), now: now)
        case (.POST, "/console/sign-out"):
            guard let session, session.acceptsCSRF(Self.form(request.body)["csrf"] ?? "", sessionKeys) else {
                return page(403, ConsolePages.message("Forbidden", "The request did not carry this session's token."))
            }
            return Self.redirect("/console/sign-in", cookie: ConsoleSession.clearCookie)
        default:
            break
        }
        guard let session else { return Self.redirect("/console/sign-in") }
        guard request.method == .GET else { return page(405, ConsolePages.message("Not allowed", "This page only answers GET.")) }
        if path == "/console" || path == "/console/" || path == "/console/executions" {
            return await executions(session)
        }
        if path.hasPrefix("/console/executions/") {
            let arn = String(path.dropFirst("/console/executions/".count)).removingPercentEncoding ?? ""
            return await execution(arn, session)
        }
        return page(404, ConsolePages.message("Not found", "There is no such page."), session: session)
    }

    private func signIn(_ form: [String: String], now: Date) -> HTTPServerResponse {
        let id = form["accessKeyId"] ?? "", secret = form["secretAccessKey"] ?? ""
        // Every configured key's secret is compared (in constant time), so a wrong id and a wrong
        // secret take the same time.
        var found: AccessKey?
        for key in keys where Self.sameSecret(key.secret, secret) && key.id == id { found = key }
        guard let key = found else {
            return page(401, ConsolePages.signIn(message: "The access key ID or the secret access key is wrong."))
        }
        let session = ConsoleSession.signIn(key, now: now)
        return Self.redirect("/console/executions", cookie: session.setCookie(sessionKeys, secure: false))
    }

    private func executions(_ session: ConsoleSession) async -> HTTPServerResponse {
        do {
            let page = try await context.store.listExecutions(ExecutionFilter(.account(session.account)), page: PageRequest(limit: 100))
            return self.page(200, ConsolePages.executions(page.items), session: session)
        } catch {
            return self.page(500, ConsolePages.message("The store failed", "\(error)"), session: session)
        }
    }

    private func execution(_ arn: String, _ session: ConsoleSession) async -> HTTPServerResponse {
        do {
            let record = try await context.store.getExecution(arn: arn)
            guard record.account == session.account else { throw StoreError.notFound }
            let children = try await context.store.children(of: arn)
            let ancestors = try await context.store.ancestors(of: arn)
            return page(200, ConsolePages.execution(record, ancestors: ancestors, children: children), session: session)
        } catch let error as StoreError where error == .notFound {
            return page(404, ConsolePages.message("Not found", "There is no execution \(arn) in this account."), session: session)
        } catch {
            return page(500, ConsolePages.message("The store failed", "\(error)"), session: session)
        }
    }

    private func page(_ status: Int, _ body: ConsolePages.Body, session: ConsoleSession? = nil) -> HTTPServerResponse {
        let html = ConsolePages.render(body, account: session?.account, csrf: session?.csrfToken(sessionKeys))
        return HTTPServerResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> HTTPServerResponse {
        var response = HTTPServerResponse(status: 303, contentType: "text/plain", body: [])
        response.headers.append(("Location", location))
        if let cookie { response.headers.append(("Set-Cookie", cookie)) }
        return response
    }

    /// An `application/x-www-form-urlencoded` body's fields.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body.prefix(16_384), as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    private static func sameSecret(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }
}
