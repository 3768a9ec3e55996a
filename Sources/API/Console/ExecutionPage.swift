import Foundation
import JSONValue
import Store

/// An execution's page: its summary, the definition's graph coloured by what happened to each
/// state, the selected state's details, input and output, its tree, and its event history a page
/// of ``eventsPerPage`` at a time. While it runs, the page's script swaps in the parts marked
/// `data-live` when the execution's version changes.
enum ExecutionPage {
    static let eventsPerPage = 100
    /// The children listed at first; the rest load a page at a time (`/console/tree/…`).
    static let childrenPerPage = 50

    struct Input {
        var record: ExecutionRecord
        var definition: JSON?
        var events: [HistoryEvent]
        var eventsPage: Int
        var ancestors: [ExecutionRecord]
        var children: Page<ExecutionRecord>
        var childStatusCounts: [ExecutionRecord.Status: Int]
        var grandchildCounts: [String: Int]
    }

    static func body(_ p: Input) -> ConsolePages.Body {
        let r = p.record
        let steps = ExecutionSteps(events: p.events, executionStatus: r.status)
        var values: [String: Any] = ConsolePages.row(r)
        values["arn"] = r.arn
        values["version"] = r.version
        values["live"] = !r.status.isTerminal
        values["stoppable"] = !r.status.isTerminal
        values["dataLink"] = "/console/data/executions/" + ConsolePages.escapePath(r.arn)
        values["input"] = ConsolePages.pretty(r.input)
        values["output"] = r.output.map(ConsolePages.pretty) ?? false
        values["error"] = r.error ?? false
        values["cause"] = r.cause ?? false
        values["stop"] = r.stopDate.map(ConsolePages.date) ?? false
        values["duration"] = r.stopDate.map { String(format: "%.3f s", $0.timeIntervalSince(r.startDate)) } ?? false
        values["graph"] = p.definition.flatMap(DefinitionGraph.init(definition:)).map { GraphSVG.render($0, statuses: steps.statuses) } ?? ""
        values["steps"] = ConsolePages.scriptJSON(stepsJSON(steps))
        values.merge(tree(p)) { $1 }
        values.merge(history(p.events, steps: steps, page: p.eventsPage, link: ConsolePages.link(r.arn))) { $1 }
        return ConsolePages.Body(title: r.name, template: template, values: values, tab: "Executions")
    }

    /// Each state's details for the page's script (`#steps-data`).
    static func stepsJSON(_ steps: ExecutionSteps) -> JSON {
        var o = JSONObject()
        for (name, s) in steps.steps.sorted(by: { $0.key < $1.key }) {
            var step = JSONObject([("status", .string(s.status.rawValue)), ("entered", .int(s.entered))])
            if let v = s.input { step["input"] = .string(ConsolePages.pretty(v)) }
            if let v = s.output { step["output"] = .string(ConsolePages.pretty(v)) }
            if let v = s.error { step["error"] = .string(v) }
            if let v = s.cause { step["cause"] = .string(v) }
            if let v = s.childArn {
                step["child"] = .string(v)
                step["childLink"] = .string(ConsolePages.link(v))
            }
            o[name] = .object(step)
        }
        return .object(o)
    }

    static func tree(_ p: Input) -> [String: Any] {
        let depth = p.ancestors.count
        func node(_ e: ExecutionRecord, _ level: Int) -> [String: Any] {
            var v = ConsolePages.row(e)
            v["indent"] = level * 22
            let count = p.grandchildCounts[e.arn] ?? 0
            v["more"] = count > 0 ? ["count": count, "url": "/console/tree/" + ConsolePages.escapePath(e.arn)] as [String: Any] : false
            return v
        }
        let counts = ExecutionRecord.Status.allCases.compactMap { s in p.childStatusCounts[s].map { "\($0) \(s.rawValue.lowercased())" } }
        let total = p.childStatusCounts.values.reduce(0, +)
        return [
            "ancestors": p.ancestors.reversed().enumerated().map { node($1, $0) },
            "indent": depth * 22,
            "children": p.children.items.map { node($0, depth + 1) },
            "childIndent": (depth + 1) * 22,
            "childSummary": total == 0 ? false : "\(total) started: " + counts.joined(separator: ", "),
            "moreChildren": p.children.nextToken.map {
                "/console/tree/" + ConsolePages.escapePath(p.record.arn) + "?" + ConsolePages.query([("next", $0), ("indent", "\(depth * 22)")])
            } ?? false,
        ]
    }

    static func history(_ events: [HistoryEvent], steps: ExecutionSteps, page: Int, link: String) -> [String: Any] {
        let pages = max(1, (events.count + eventsPerPage - 1) / eventsPerPage)
        let page = min(max(page, 1), pages)
        let start = events.first?.timestamp ?? Date()
        let slice = events.dropFirst((page - 1) * eventsPerPage).prefix(eventsPerPage)
        let rows: [[String: Any]] = slice.map { e in
            let failure = e.type.hasSuffix("Failed") || e.type.hasSuffix("TimedOut") || e.type.hasSuffix("Aborted")
            return [
                "id": e.id, "type": e.type, "step": steps.eventSteps[e.id] ?? "", "failure": failure,
                "elapsed": String(format: "%.3f s", e.timestamp.timeIntervalSince(start)),
                "details": ExecutionSteps.details(e).map(ConsolePages.pretty) ?? e.details,
            ]
        }
        return [
            "events": rows, "eventCount": events.count, "eventsPage": page, "eventPages": pages,
            "previousEvents": page > 1 ? "\(link)?events=\(page - 1)#history" : false,
            "nextEvents": page < pages ? "\(link)?events=\(page + 1)#history" : false,
        ]
    }

    static let template = """
        <div id="live" data-poll="{{dataLink}}" data-version="{{version}}" {{#live}}data-running="true"{{/live}}></div>
        <div id="summary" data-live>
        <h1>{{name}} <span class="status {{status}}" id="status">{{status}}</span></h1>
        <p class="muted">{{arn}}</p>
        <table class="card"><tr><th>state machine</th><td><a href="{{machineLink}}">{{machine}}</a></td></tr>
        <tr><th>started</th><td>{{start}}</td></tr>
        {{#stop}}<tr><th>ended</th><td>{{stop}} ({{duration}})</td></tr>{{/stop}}
        {{#parentLink}}<tr><th>Started by</th><td><a id="started-by" href="{{parentLink}}">{{parentName}}</a></td></tr>{{/parentLink}}
        {{#error}}<tr><th>error</th><td class="error" id="error">{{error}}</td></tr>{{/error}}
        {{#cause}}<tr><th>cause</th><td class="error" id="cause">{{cause}}</td></tr>{{/cause}}
        </table>
        {{#stoppable}}<form method="post" action="{{link}}/stop" class="inline" data-confirm="Stop the execution {{name}}?">
        <input type="hidden" name="csrf" value="{{csrf}}"><button id="stop" class="danger">Stop execution</button></form>{{/stoppable}}
        </div>
        <div class="split">
        <section><h2>Graph</h2><div id="graph-box" data-live>{{{graph}}}</div>
        <p class="legend"><span class="SUCCEEDED">succeeded</span> <span class="CAUGHT">caught</span> <span class="FAILED">failed</span> <span class="RUNNING">running</span> <span class="STOPPED">stopped</span> <span class="NOT_REACHED">not reached</span></p></section>
        <aside id="step-details" class="card"><h2>Step details</h2><p class="muted">Select a state in the graph.</p></aside>
        </div>
        <script type="application/json" id="steps-data" data-live>{{{steps}}}</script>
        <div id="io" data-live><h2>Input</h2><pre id="input">{{input}}</pre>
        {{#output}}<h2>Output</h2><pre id="output">{{output}}</pre>{{/output}}</div>
        <section id="tree-box" data-live><h2>Tree</h2>
        <ul class="tree" id="tree">
        {{#ancestors}}<li style="margin-left: {{indent}}px"><a class="ancestor" href="{{link}}">{{name}}</a> <span class="status {{status}}">{{status}}</span> <span class="muted">{{machine}}</span>
        {{#more}}<details class="lazy" data-url="{{url}}?indent=0"><summary>{{count}} started</summary><ul class="tree"></ul></details>{{/more}}</li>{{/ancestors}}
        <li style="margin-left: {{indent}}px"><b id="tree-self">{{name}}</b> <span class="status {{status}}">{{status}}</span> <span class="muted">{{machine}}</span>
        {{#childSummary}}<span class="muted" id="child-summary">— {{childSummary}}</span>{{/childSummary}}</li>
        {{#children}}<li style="margin-left: {{indent}}px"><a class="child" href="{{link}}">{{name}}</a> <span class="status {{status}}">{{status}}</span> <span class="muted">{{machine}}</span>
        {{#more}}<details class="lazy" data-url="{{url}}?indent=0"><summary>{{count}} started</summary><ul class="tree"></ul></details>{{/more}}</li>{{/children}}
        {{#moreChildren}}<li style="margin-left: {{childIndent}}px" class="more"><button class="load-more" data-url="{{moreChildren}}">more children</button></li>{{/moreChildren}}
        </ul>
        {{^children}}<p class="muted">It started no executions.</p>{{/children}}
        </section>
        <section id="history" data-live><h2>Event history <span class="muted">({{eventCount}} events, page {{eventsPage}} of {{eventPages}})</span></h2>
        <table class="events" id="events"><tr><th>ID</th><th>Type</th><th>Step</th><th>Time since start</th></tr>
        {{#events}}<tr class="event{{#failure}} failure{{/failure}}"><td>{{id}}</td><td><details><summary>{{type}}</summary><pre>{{details}}</pre></details></td><td>{{step}}</td><td>{{elapsed}}</td></tr>
        {{/events}}</table>
        <p class="pager">{{#previousEvents}}<a id="events-previous" href="{{previousEvents}}">← previous events</a>{{/previousEvents}}
        {{#nextEvents}}<a id="events-next" href="{{nextEvents}}">next events →</a>{{/nextEvents}}</p>
        </section>
        """
}
