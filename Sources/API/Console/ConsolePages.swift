import Coordinator
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSONValue
import Mustache
import Store
import Synchronization

/// The console's HTML: one layout and a template per page (swift-mustache, HTML-escaped values),
/// each template compiled once.
enum ConsolePages {
    /// A page's template and the values it shows.
    struct Body {
        var title: String
        var template: String
        var values: [String: Any]
        /// Which navigation tab is current: `Executions`, `Machines` or `Quotas`.
        var tab = ""
    }

    private static let compiled = Mutex<[String: MustacheTemplate]>([:])

    static func template(_ text: String) -> MustacheTemplate? {
        if let t = compiled.withLock({ $0[text] }) { return t }
        guard let t = try? MustacheTemplate(string: text) else { return nil }
        compiled.withLock { $0[text] = t }
        return t
    }

    static func render(_ body: Body, account: String?, csrf: String?) -> String {
        let layoutValues: [String: Any] = [
            "title": body.title, "account": account ?? "", "signedIn": account != nil, "csrf": csrf ?? "",
            "tab" + body.tab: true,
        ]
        let content = template(body.template)?.render(body.values.merging(layoutValues) { a, _ in a }) ?? ""
        return template(layout)?.render(layoutValues.merging(["content": content]) { $1 }) ?? content
    }

    static func signIn(message: String?) -> Body {
        Body(title: "Sign in", template: """
            <h1>Sign in</h1>
            {{#message}}<p class="error" id="sign-in-error">{{message}}</p>{{/message}}
            <form method="post" action="/console/sign-in" class="card">
            <label>Access key ID <input name="accessKeyId" id="accessKeyId" autocomplete="username" required></label>
            <label>Secret access key <input name="secretAccessKey" id="secretAccessKey" type="password" autocomplete="current-password" required></label>
            <button type="submit" id="sign-in">Sign in</button>
            </form>
            <p class="muted">The keys of an account in Stepwise's configuration (config/stepwise.yaml), as the AWS CLI signs with.</p>
            """, values: ["message": message ?? false])
    }

    static func message(_ title: String, _ text: String) -> Body {
        Body(title: title, template: "<h1>{{heading}}</h1><p id=\"message\">{{text}}</p>", values: ["heading": title, "text": text])
    }

    /// An execution as a row of a list or a node of the tree.
    static func row(_ r: ExecutionRecord) -> [String: Any] {
        var values: [String: Any] = [
            "name": r.name, "link": link(r.arn), "machine": ARNs.stateMachineName(of: r.stateMachineArn),
            "machineLink": machineLink(r.stateMachineArn), "status": r.status.rawValue, "start": date(r.startDate), "parentLink": false,
        ]
        if let parent = r.parentArn {
            values["parentLink"] = link(parent)
            values["parentName"] = parent.split(separator: ":").last.map(String.init) ?? parent
        }
        return values
    }

    static func link(_ arn: String) -> String { "/console/executions/" + escapePath(arn) }
    static func machineLink(_ arn: String) -> String { "/console/state-machines/" + escapePath(arn) }

    static func escapePath(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? s
    }

    /// `a=1&b=2`, values percent-encoded, empty ones left out.
    static func query(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : "\(key)=\(escapePath($0))" } }.joined(separator: "&")
    }

    /// `2026-12-06T02:53:03.584Z` (UTC, milliseconds).
    static func date(_ d: Date) -> String { Timestamps.iso8601(d) }

    /// A form's `datetime-local` value (`2026-12-06T04:20`, seconds optional) read as UTC; nil when it is not one.
    static func parseDate(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
        let v = parts.map { $0! }
        guard (1...12).contains(v[1]), (1...31).contains(v[2]), (0...23).contains(v[3]), (0...59).contains(v[4]) else { return nil }
        var t = tm()
        t.tm_year = Int32(v[0] - 1900); t.tm_mon = Int32(v[1] - 1); t.tm_mday = Int32(v[2])
        t.tm_hour = Int32(v[3]); t.tm_min = Int32(v[4]); t.tm_sec = Int32(v.count == 6 ? min(v[5], 59) : 0)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }

    /// JSON text indented for reading; the text itself when it does not parse.
    static func pretty(_ text: String) -> String {
        guard let json = try? JSON(parsing: text) else { return text }
        return pretty(json)
    }

    static func pretty(_ json: JSON) -> String {
        var out = ""
        pretty(json, indent: "", &out)
        return out
    }

    private static func pretty(_ json: JSON, indent: String, _ out: inout String) {
        let inner = indent + "  "
        switch json {
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, (key, value)) in o.enumerated() {
                out += inner + JSON.string(key).serialized() + ": "
                pretty(value, indent: inner, &out)
                out += i == o.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, value) in a.enumerated() {
                out += inner
                pretty(value, indent: inner, &out)
                out += i == a.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        default:
            out += json.serialized()
        }
    }

    /// JSON for a `<script type="application/json">` element: `<` written as `\u003c`, so no
    /// value can end the element.
    static func scriptJSON(_ json: JSON) -> String {
        json.serialized().replacingOccurrences(of: "<", with: "\\u003c")
    }

    static let layout = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{title}} · Stepwise</title>
        <link rel="stylesheet" href="/console/assets/console.css"><script src="/console/assets/console.js" defer></script></head>
        <body><header><b>Stepwise</b>{{#signedIn}}<nav><a href="/console/executions" {{#tabExecutions}}class="current"{{/tabExecutions}}>Executions</a>
        <a href="/console/state-machines" {{#tabMachines}}class="current"{{/tabMachines}}>State machines</a>
        <a href="/console/quotas" {{#tabQuotas}}class="current"{{/tabQuotas}}>Quotas</a></nav><span class="muted-light">account {{account}}</span>
        <form method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button id="sign-out">Sign out</button></form>{{/signedIn}}</header>
        <main>{{{content}}}</main></body></html>
        """
}
