import Coordinator
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Mustache
import Store

/// The console's HTML: one layout and a template per page (swift-mustache, HTML-escaped values).
enum ConsolePages {
    /// A page's template and the values it shows.
    struct Body {
        var title: String
        var template: String
        var values: [String: Any]
    }

    static func render(_ body: Body, account: String?, csrf: String?) -> String {
        let layoutValues: [String: Any] = ["title": body.title, "account": account ?? "", "signedIn": account != nil, "csrf": csrf ?? ""]
        let content = (try? MustacheTemplate(string: body.template))?.render(body.values.merging(layoutValues) { a, _ in a }) ?? ""
        let page = (try? MustacheTemplate(string: layout))?.render(layoutValues.merging(["content": content]) { $1 }) ?? content
        return page
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
        Body(title: title, template: "<h1>{{heading}}</h1><p>{{text}}</p>", values: ["heading": title, "text": text])
    }

    static func executions(_ records: [ExecutionRecord]) -> Body {
        Body(title: "Executions", template: """
            <h1>Executions</h1>
            <p class="muted">The account's 100 newest.</p>
            <table id="executions"><tr><th>name</th><th>state machine</th><th>status</th><th>started</th><th>started by</th></tr>
            {{#rows}}<tr><td><a href="{{link}}">{{name}}</a></td><td>{{machine}}</td><td class="status {{status}}">{{status}}</td><td>{{start}}</td><td>{{#parentLink}}<a href="{{parentLink}}">{{parentName}}</a>{{/parentLink}}</td></tr>
            {{/rows}}</table>
            {{^rows}}<p>No executions yet.</p>{{/rows}}
            """, values: ["rows": records.map(row)])
    }

    static func execution(_ r: ExecutionRecord, ancestors: [ExecutionRecord], children: [ExecutionRecord]) -> Body {
        var values: [String: Any] = row(r)
        values["arn"] = r.arn
        values["input"] = r.input
        values["output"] = r.output ?? false
        values["error"] = r.error ?? false
        values["cause"] = r.cause ?? false
        values["stop"] = r.stopDate.map(date) ?? false
        values["duration"] = r.stopDate.map { String(format: "%.3f s", $0.timeIntervalSince(r.startDate)) } ?? false
        // Root first, down to the parent, each a step further in; then this one, then its children.
        values["ancestors"] = ancestors.reversed().enumerated().map { depth, a in row(a).merging(["indent": depth * 24]) { $1 } }
        values["indent"] = ancestors.count * 24
        values["children"] = children.map { row($0).merging(["indent": (ancestors.count + 1) * 24]) { $1 } }
        values["hasChildren"] = !children.isEmpty
        return Body(title: r.name, template: """
            <h1>{{name}} <span class="status {{status}}" id="status">{{status}}</span></h1>
            <p class="muted">{{arn}}</p>
            <table class="card"><tr><th>state machine</th><td>{{machine}}</td></tr>
            <tr><th>started</th><td>{{start}}</td></tr>
            {{#stop}}<tr><th>ended</th><td>{{stop}} ({{duration}})</td></tr>{{/stop}}
            {{#parentLink}}<tr><th>Started by</th><td><a id="started-by" href="{{parentLink}}">{{parentName}}</a></td></tr>{{/parentLink}}
            {{#error}}<tr><th>error</th><td class="error" id="error">{{error}}</td></tr>{{/error}}
            {{#cause}}<tr><th>cause</th><td class="error" id="cause">{{cause}}</td></tr>{{/cause}}
            </table>
            <h2>Input</h2><pre id="input">{{input}}</pre>
            {{#output}}<h2>Output</h2><pre id="output">{{output}}</pre>{{/output}}
            <h2>Tree</h2>
            <ul class="tree" id="tree">
            {{#ancestors}}<li style="margin-left: {{indent}}px"><a class="ancestor" href="{{link}}">{{name}}</a> <span class="status {{status}}">{{status}}</span> ({{machine}})</li>{{/ancestors}}
            <li style="margin-left: {{indent}}px"><b>{{name}}</b> <span class="status {{status}}">{{status}}</span> ({{machine}})</li>
            {{#children}}<li style="margin-left: {{indent}}px"><a class="child" href="{{link}}">{{name}}</a> <span class="status {{status}}">{{status}}</span> ({{machine}})</li>{{/children}}
            </ul>
            {{^children}}<p class="muted">It started no executions.</p>{{/children}}
            """, values: values)
    }

    static func row(_ r: ExecutionRecord) -> [String: Any] {
        var values: [String: Any] = [
            "name": r.name, "link": link(r.arn), "machine": ARNs.stateMachineName(of: r.stateMachineArn),
            "status": r.status.rawValue, "start": date(r.startDate), "parentLink": false,
        ]
        if let parent = r.parentArn {
            values["parentLink"] = link(parent)
            values["parentName"] = parent.split(separator: ":").last.map(String.init) ?? parent
        }
        return values
    }

    static func link(_ arn: String) -> String {
        "/console/executions/" + (arn.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? arn)
    }

    /// `2026-12-06T02:53:03.584Z` (UTC, milliseconds), without a formatter object per call (a page
    /// of 1,000 rows spent most of its time making them).
    static func date(_ d: Date) -> String {
        let millis = Int64((d.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = Int(millis % 1000)
        let fraction = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec)).\(fraction)Z"
    }

    static let layout = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{title}} · Stepwise</title>
        <style>
        body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 0; }
        header { background: #111827; color: #fff; padding: 8px 20px; display: flex; gap: 16px; align-items: center; }
        header a { color: #fff; } header form { margin-left: auto; }
        main { max-width: 1100px; margin: 20px auto; padding: 0 20px; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #e5e7eb; }
        .card { border: 1px solid #e5e7eb; border-radius: 6px; padding: 12px; }
        form.card label { display: block; margin: 8px 0; } input { font: inherit; padding: 4px; min-width: 280px; }
        .status { font-weight: 600; } .SUCCEEDED { color: #15803d; } .FAILED, .TIMED_OUT, .ABORTED, .error { color: #b91c1c; }
        .RUNNING, .PENDING { color: #1d4ed8; } .muted { color: #6b7280; }
        pre { background: #f9fafb; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; } ul.tree { list-style: none; padding-left: 0; } ul.tree li { margin: 3px 0; }
        </style></head>
        <body><header><b>Stepwise</b>{{#signedIn}}<a href="/console/executions">Executions</a><span>account {{account}}</span>
        <form method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button id="sign-out">Sign out</button></form>{{/signedIn}}</header>
        <main>{{{content}}}</main></body></html>
        """
}
