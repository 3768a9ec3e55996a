import Foundation
import Coordinator
import JSONValue
import Mustache
import Store

/// The console's list pages: executions (filtered, paged, with live counts per status), state
/// machines, a state machine's page (graph, definition, executions, start form), quotas, and the
/// tree fragments the execution page loads when a node is expanded.
enum ListPages {
    static let executionsPerPage = 50

    struct ExecutionsQuery {
        var status: String?
        var machine: String?
        var prefix: String?
        var after: String?
        var before: String?
        var next: String?
        /// Executions per page (1 to 100; ``executionsPerPage`` when absent or not a number).
        var size: Int

        init(_ q: [String: String]) {
            func value(_ k: String) -> String? { q[k].flatMap { $0.isEmpty ? nil : $0 } }
            (status, machine, prefix, after, before, next) = (value("status"), value("machine"), value("prefix"), value("after"), value("before"), value("next"))
            size = min(max(value("size").flatMap { Int($0) } ?? executionsPerPage, 1), 100)
        }

        /// The store filter, or the reason a field is not valid.
        func filter(account: String) -> Result<ExecutionFilter, ConsoleInputError> {
            var f = ExecutionFilter(.account(account))
            if let machine { f.scope = .stateMachine(machine) }
            if let status {
                guard let s = ExecutionRecord.Status(rawValue: status) else { return .failure(.init("Status \(status) is not one of \(ExecutionRecord.Status.allCases.map(\.rawValue).joined(separator: ", ")).")) }
                f.status = s
            }
            f.namePrefix = prefix
            if let after {
                guard let d = ConsolePages.parseDate(after) else { return .failure(.init("Started after: \(after) is not a date and time (2026-12-06T04:20, UTC).")) }
                f.startedAfter = d
            }
            if let before {
                guard let d = ConsolePages.parseDate(before) else { return .failure(.init("Started before: \(before) is not a date and time (2026-12-06T04:20, UTC).")) }
                f.startedBefore = d
            }
            return .success(f)
        }

        func query(next: String? = nil, status: String? = nil) -> String {
            ConsolePages.query([("status", status ?? self.status), ("machine", machine), ("prefix", prefix), ("after", after), ("before", before),
                                ("size", size == executionsPerPage ? nil : String(size)), ("next", next)])
        }
    }

    static func executions(
        _ q: ExecutionsQuery, page: Page<ExecutionRecord>?, counts: [ExecutionRecord.Status: Int], machines: [StateMachineRecord], problem: String?
    ) -> ConsolePages.Body {
        let statuses = ExecutionRecord.Status.allCases.map { s -> [String: Any] in
            ["status": s.rawValue, "count": counts[s] ?? 0, "selected": q.status == s.rawValue,
             "link": "/console/executions?" + q.query(status: s.rawValue)]
        }
        var allFilter = q
        allFilter.status = nil
        let values: [String: Any] = [
            "rows": (page?.items ?? []).map(ConsolePages.row),
            "statuses": statuses,
            "all": "/console/executions?" + allFilter.query(),
            "machines": machines.map { ["arn": $0.arn, "name": $0.name, "selected": q.machine == $0.arn] as [String: Any] },
            "prefix": q.prefix ?? "", "after": q.after ?? "", "before": q.before ?? "",
            "next": page?.nextToken.map { "/console/executions?" + q.query(next: $0) } ?? false,
            "first": q.next != nil ? "/console/executions?" + q.query() : false,
            "countsLink": "/console/data/counts?" + allFilter.query(),
            "problem": problem ?? false,
        ]
        return ConsolePages.Body(title: "Executions", template: """
            <h1>Executions</h1>
            <p class="chips" id="counts" data-counts="{{countsLink}}"><a href="{{all}}">all</a>
            {{#statuses}}<a href="{{link}}" class="chip {{status}}{{#selected}} selected{{/selected}}">{{status}} <b id="count-{{status}}">{{count}}</b></a>{{/statuses}}</p>
            <form method="get" action="/console/executions" class="filters" id="filters">
            <select name="status" id="filter-status"><option value="">any status</option>{{#statuses}}<option value="{{status}}" {{#selected}}selected{{/selected}}>{{status}}</option>{{/statuses}}</select>
            <select name="machine" id="filter-machine"><option value="">any state machine</option>{{#machines}}<option value="{{arn}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/machines}}</select>
            <input name="prefix" id="filter-prefix" placeholder="name starts with" value="{{prefix}}">
            <label>started after <input type="datetime-local" step="1" name="after" id="filter-after" value="{{after}}"></label>
            <label>before <input type="datetime-local" step="1" name="before" id="filter-before" value="{{before}}"></label>
            <button id="filter">Filter</button> <span class="muted">times in UTC</span></form>
            {{#problem}}<p class="error" id="filter-error">{{problem}}</p>{{/problem}}
            <table id="executions"><tr><th>name</th><th>state machine</th><th>status</th><th>started</th><th>started by</th></tr>
            {{#rows}}<tr><td><a href="{{link}}">{{name}}</a></td><td><a href="{{machineLink}}">{{machine}}</a></td><td class="status {{status}}">{{status}}</td><td>{{start}}</td><td>{{#parentLink}}<a href="{{parentLink}}">{{parentName}}</a>{{/parentLink}}</td></tr>
            {{/rows}}</table>
            {{^rows}}<p id="no-executions">No executions match.</p>{{/rows}}
            <p class="pager">{{#first}}<a id="first-page" href="{{first}}">← first page</a>{{/first}} {{#next}}<a id="next-page" href="{{next}}">next page →</a>{{/next}}</p>
            """, values: values, tab: "Executions")
    }

    static func stateMachines(_ page: Page<StateMachineRecord>, nextLink: String?) -> ConsolePages.Body {
        let rows = page.items.map { m -> [String: Any] in
            ["name": m.name, "link": ConsolePages.machineLink(m.arn), "type": m.kind.rawValue, "created": ConsolePages.date(m.creationDate),
             "status": m.status.rawValue]
        }
        return ConsolePages.Body(title: "State machines", template: """
            <h1>State machines</h1>
            <table id="state-machines"><tr><th>name</th><th>type</th><th>status</th><th>created</th></tr>
            {{#rows}}<tr><td><a href="{{link}}">{{name}}</a></td><td>{{type}}</td><td>{{status}}</td><td>{{created}}</td></tr>{{/rows}}</table>
            {{^rows}}<p>No state machines yet.</p>{{/rows}}
            <p class="pager">{{#next}}<a id="next-page" href="{{next}}">next page →</a>{{/next}}</p>
            """, values: ["rows": rows, "next": nextLink ?? false], tab: "Machines")
    }

    static func stateMachine(
        _ m: StateMachineRecord, executions: [ExecutionRecord], counts: [ExecutionRecord.Status: Int], problem: String?, form: [String: String]
    ) -> ConsolePages.Body {
        let definition = try? JSON(parsing: m.definition)
        let values: [String: Any] = [
            "name": m.name, "arn": m.arn, "type": m.kind.rawValue, "created": ConsolePages.date(m.creationDate), "role": m.roleArn,
            "graph": definition.flatMap(DefinitionGraph.init(definition:)).map { GraphSVG.render($0) } ?? "",
            "definition": ConsolePages.pretty(m.definition),
            "rows": executions.map(ConsolePages.row),
            "counts": ExecutionRecord.Status.allCases.compactMap { s in counts[s].map { ["status": s.rawValue, "count": $0] as [String: Any] } },
            "all": "/console/executions?" + ConsolePages.query([("machine", m.arn)]),
            "startLink": ConsolePages.machineLink(m.arn) + "/start",
            "problem": problem ?? false, "inputValue": form["input"] ?? "{}", "nameValue": form["name"] ?? "",
        ]
        return ConsolePages.Body(title: m.name, template: """
            <h1>{{name}} <span class="muted">{{type}}</span></h1>
            <p class="muted">{{arn}}</p>
            <table class="card"><tr><th>created</th><td>{{created}}</td></tr><tr><th>role</th><td>{{role}}</td></tr></table>
            <h2>Start an execution</h2>
            {{#problem}}<p class="error" id="start-error">{{problem}}</p>{{/problem}}
            <form method="post" action="{{startLink}}" class="card" id="start-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>Name (optional) <input name="name" id="start-name" value="{{nameValue}}"></label>
            <label>Input (JSON)<br><textarea name="input" id="start-input" rows="5" cols="70" data-json>{{inputValue}}</textarea></label>
            <p class="error" id="input-error" hidden></p>
            <button id="start">Start execution</button></form>
            <h2>Executions</h2>
            <p class="chips">{{#counts}}<span class="chip {{status}}">{{status}} <b>{{count}}</b></span>{{/counts}} <a id="all-executions" href="{{all}}">all of its executions →</a></p>
            <table id="machine-executions"><tr><th>name</th><th>status</th><th>started</th><th>started by</th></tr>
            {{#rows}}<tr><td><a href="{{link}}">{{name}}</a></td><td class="status {{status}}">{{status}}</td><td>{{start}}</td><td>{{#parentLink}}<a href="{{parentLink}}">{{parentName}}</a>{{/parentLink}}</td></tr>{{/rows}}</table>
            <h2>Graph</h2><div id="graph-box">{{{graph}}}</div>
            <h2>Definition</h2><pre id="definition">{{definition}}</pre>
            """, values: values, tab: "Machines")
    }

    static func quotas(_ quota: JSON) -> ConsolePages.Body {
        func int(_ j: JSON?) -> Int { j?.numberValue?.int ?? 0 }
        let open = int(quota["openExecutions"]), max = int(quota["maxOpenExecutions"])
        let bucket = quota["startBucket"]
        let machines = (quota["stateMachineLimits"]?.arrayValue ?? []).map { m -> [String: Any] in
            ["name": ARNs.stateMachineName(of: m["stateMachineArn"]?.stringValue ?? ""),
             "link": ConsolePages.machineLink(m["stateMachineArn"]?.stringValue ?? ""),
             "open": m["openExecutions"].map { $0.serialized() } ?? "", "max": m["maxOpenExecutions"].map { $0.serialized() } ?? "—",
             "pending": m["pendingExecutions"].map { $0.serialized() } ?? "", "perTree": m["maxOpenPerTree"].map { $0.serialized() } ?? "—",
             "onLimit": m["onLimit"]?.stringValue ?? ""]
        }
        let values: [String: Any] = [
            "open": open, "max": max, "percent": max > 0 ? Swift.min(100, open * 100 / max) : 0,
            "reserve": int(quota["nestedReserve"]),
            "tokens": bucket?["tokens"]?.serialized() ?? "", "size": int(bucket?["size"]), "refill": bucket?["refillPerSecond"]?.serialized() ?? "",
            "machines": machines,
        ]
        return ConsolePages.Body(title: "Quotas", template: """
            <h1>Quotas</h1>
            <div id="quota" data-quota="/console/data/quota">
            <h2>Open executions</h2>
            <p><b id="open">{{open}}</b> open of <b id="max-open">{{max}}</b> <span class="muted">({{reserve}} of them kept for nested starts)</span></p>
            <div class="bar"><div id="open-bar" style="width: {{percent}}%"></div></div>
            <h2>StartExecution bucket</h2>
            <p><b id="tokens">{{tokens}}</b> tokens of <b>{{size}}</b>, refilled at {{refill}} per second</p>
            </div>
            <h2>Limits per state machine</h2>
            <table id="machine-limits"><tr><th>state machine</th><th>open</th><th>limit</th><th>queued</th><th>per tree</th><th>at the limit</th></tr>
            {{#machines}}<tr><td><a href="{{link}}">{{name}}</a></td><td>{{open}}</td><td>{{max}}</td><td>{{pending}}</td><td>{{perTree}}</td><td>{{onLimit}}</td></tr>{{/machines}}</table>
            {{^machines}}<p class="muted">No state machine has a stepwise:maxOpen or stepwise:maxOpenPerTree tag.</p>{{/machines}}
            """, values: values, tab: "Quotas")
    }

    /// The children of one execution as `<li>` items for the tree (one page), with a button for the next.
    static func treeFragment(_ parent: String, page: Page<ExecutionRecord>, grandchildCounts: [String: Int], indent: Int) -> String {
        let items = page.items.map { e -> [String: Any] in
            var v = ConsolePages.row(e)
            v["indent"] = indent + 22
            let count = grandchildCounts[e.arn] ?? 0
            v["more"] = count > 0 ? ["count": count, "url": "/console/tree/" + ConsolePages.escapePath(e.arn)] as [String: Any] : false
            return v
        }
        let next = page.nextToken.map {
            "/console/tree/" + ConsolePages.escapePath(parent) + "?" + ConsolePages.query([("next", $0), ("indent", "\(indent)")])
        }
        let text = """
            {{#items}}<li style="margin-left: {{indent}}px"><a class="child" href="{{link}}">{{name}}</a> <span class="status {{status}}">{{status}}</span> <span class="muted">{{machine}}</span>
            {{#more}}<details class="lazy" data-url="{{url}}?indent=0"><summary>{{count}} started</summary><ul class="tree"></ul></details>{{/more}}</li>{{/items}}
            {{#next}}<li class="more" style="margin-left: {{nextIndent}}px"><button class="load-more" data-url="{{next}}">more children</button></li>{{/next}}
            """
        return ConsolePages.template(text)?.render(["items": items, "next": next ?? false, "nextIndent": indent + 22]) ?? ""
    }
}

/// A console form or query field that is not valid, said as the page shows it.
struct ConsoleInputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
