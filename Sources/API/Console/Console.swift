import Coordinator
import Foundation
import JSONValue
import NIOHTTP1
import Store

/// The console, on the API's port under `/console`: sign-in with an access key and its secret; the
/// executions list (filters, paging, live counts per status); an execution's page (graph, Step
/// details, history, tree, stop); state machines (graph, definition, executions, start); quotas.
/// Server-rendered from swift-mustache templates; one stylesheet and one script
/// (``ConsoleAssets``) for selection, live updates and lazy tree nodes.
///
/// Every page but sign-in and the assets needs a session (``ConsoleSession``): a page redirects to
/// sign-in without one, a data request (`/console/data/…`, JSON) answers 401. A signed-in person
/// sees only their account's resources: another account's answers 404, as one that does not exist
/// does. Anything that changes state (start, stop, sign-out) is a POST with the session's CSRF
/// token, and goes through the same code as the API action it stands for.
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
        let path = String(request.path)
        guard path == "/console" || path.hasPrefix("/console/") else { return nil }
        if path.hasPrefix("/console/assets/") { return Self.asset(path) }
        let session = request.headers.first(name: "Cookie").flatMap(ConsoleSession.value(inCookieHeader:))
            .flatMap { ConsoleSession.verify($0, keys: sessionKeys, now: now) }
        switch (request.method, path) {
        case (.GET, "/console/sign-in"):
            return page(200, ConsolePages.signIn(message: nil))
        case (.POST, "/console/sign-in"):
            return signIn(Self.form(request.body), now: now)
        case (.POST, "/console/sign-out"):
            guard let session, session.acceptsCSRF(Self.form(request.body)["csrf"] ?? "", sessionKeys) else { return forbidden() }
            return Self.redirect("/console/sign-in", cookie: ConsoleSession.clearCookie)
        default:
            break
        }
        let query = Self.form(Array(request.uri.drop { $0 != "?" }.dropFirst().utf8))
        let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? "" }
        if parts.count > 1 && parts[1] == "data" {
            guard let session else { return Self.json(401, .object(JSONObject([("message", .string("Sign in first."))]))) }
            return await data(parts, query, session)
        }
        guard let session else { return Self.redirect("/console/sign-in") }
        let pages = ConsoleRoutes(console: self, session: session, caller: Caller(account: session.account), query: query)
        do {
            switch (request.method, parts.count, parts.count > 1 ? parts[1] : "") {
            case (.GET, 1, _), (.GET, 2, "executions"): return try await pages.executions()
            case (.GET, 3, "executions"): return try await pages.execution(parts[2])
            case (.POST, 4, "executions") where parts[3] == "stop":
                guard session.acceptsCSRF(Self.form(request.body)["csrf"] ?? "", sessionKeys) else { return forbidden() }
                return try await pages.stop(parts[2])
            case (.GET, 2, "state-machines"): return try await pages.stateMachines()
            case (.GET, 3, "state-machines"): return try await pages.stateMachine(parts[2], problem: nil, form: [:])
            case (.POST, 4, "state-machines") where parts[3] == "start":
                let form = Self.form(request.body)
                guard session.acceptsCSRF(form["csrf"] ?? "", sessionKeys) else { return forbidden() }
                return try await pages.start(parts[2], form)
            case (.GET, 2, "quotas"): return try await pages.quotas()
            case (.GET, 3, "tree"): return try await pages.tree(parts[2])
            case (.GET, _, _): return page(404, ConsolePages.message("Not found", "There is no such page."), session: session)
            default: return page(405, ConsolePages.message("Not allowed", "This page does not answer \(request.method)."), session: session)
            }
        } catch {
            let status = error.code.hasSuffix("DoesNotExist") || error.code == "InvalidArn" ? 404 : error.status
            let title = status == 404 ? "Not found" : error.code
            return page(status, ConsolePages.message(title, error.message), session: session)
        }
    }

    /// JSON for the pages' scripts: an execution's status and version, counts per status, the quota.
    private func data(_ parts: [String], _ query: [String: String], _ session: ConsoleSession) async -> HTTPServerResponse {
        let caller = Caller(account: session.account)
        do {
            switch (parts.count, parts.count > 2 ? parts[2] : "") {
            case (4, "executions"):
                let e = try await ExecutionActions.load(parts[3], caller, context)
                var o = JSONObject([("status", .string(e.status.rawValue)), ("version", .int(Int(e.version)))])
                if let stop = e.stopDate { o["stopDate"] = .string(ConsolePages.date(stop)) }
                return Self.json(200, .object(o))
            case (3, "counts"):
                let filter = try ListPages.ExecutionsQuery(query).filter(account: session.account).get()
                let counts = try await context.store { try await context.store.executionCounts(filter) }
                return Self.json(200, .object(JSONObject(counts.map { ($0.key.rawValue, JSON.int($0.value)) })))
            case (3, "quota"):
                return Self.json(200, try await QuotaActions.describe(try RequestMembers([]), caller, context))
            default:
                return Self.json(404, .object(JSONObject([("message", .string("There is no such data."))])))
            }
        } catch let error as APIError {
            let status = error.code.hasSuffix("DoesNotExist") || error.code == "InvalidArn" ? 404 : error.status
            return Self.json(status, .object(JSONObject([("__type", .string(error.code)), ("message", .string(error.message))])))
        } catch {
            return Self.json(400, .object(JSONObject([("message", .string((error as? ConsoleInputError)?.message ?? "\(error)"))])))
        }
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

    private func forbidden() -> HTTPServerResponse {
        page(403, ConsolePages.message("Forbidden", "The request did not carry this session's token."))
    }

    func page(_ status: Int, _ body: ConsolePages.Body, session: ConsoleSession? = nil) -> HTTPServerResponse {
        let html = ConsolePages.render(body, account: session?.account, csrf: session?.csrfToken(sessionKeys))
        return HTTPServerResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    static func json(_ status: Int, _ value: JSON) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: "application/json", body: value.serializedBytes())
    }

    static func asset(_ path: String) -> HTTPServerResponse {
        let (type, text): (String, String)
        switch path {
        case "/console/assets/console.css": (type, text) = ("text/css; charset=utf-8", ConsoleAssets.css)
        case "/console/assets/console.js": (type, text) = ("text/javascript; charset=utf-8", ConsoleAssets.js)
        default: return HTTPServerResponse(status: 404, contentType: "text/plain", body: Array("no such asset".utf8))
        }
        var response = HTTPServerResponse(status: 200, contentType: type, body: Array(text.utf8))
        response.headers.append(("Cache-Control", "max-age=300"))
        return response
    }

    static func redirect(_ location: String, cookie: String? = nil) -> HTTPServerResponse {
        var response = HTTPServerResponse(status: 303, contentType: "text/plain", body: [])
        response.headers.append(("Location", location))
        if let cookie { response.headers.append(("Set-Cookie", cookie)) }
        return response
    }

    /// An `application/x-www-form-urlencoded` body's (or a query's) fields.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body.prefix(300_000), as: UTF8.self).split(separator: "&") {
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
