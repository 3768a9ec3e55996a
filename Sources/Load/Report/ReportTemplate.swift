/// The report page (a swift-mustache template; `{{{svg}}}` inserts a plot, already escaped).
enum ReportTemplate {
    static let page = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>stepwise load: {{scenario}} on {{endpoint}}</title>
    <style>
    body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 24px auto; max-width: 1340px; padding: 0 16px; }
    h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
    .meta { color: #4b5563; margin-bottom: 16px; }
    .cards { display: flex; gap: 12px; flex-wrap: wrap; }
    .card { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
    .card b { display: block; font-size: 20px; }
    table { border-collapse: collapse; margin: 4px 0; }
    th, td { border-bottom: 1px solid #e5e7eb; padding: 3px 10px; text-align: right; font-variant-numeric: tabular-nums; }
    th:first-child, td:first-child { text-align: left; }
    .plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
    svg.plot { width: 100%; height: auto; border: 1px solid #e5e7eb; border-radius: 6px; background: #fff; }
    svg .grid { stroke: #f3f4f6; } svg .axis { stroke: #9ca3af; }
    svg text { font: 11px system-ui, sans-serif; fill: #4b5563; } svg .title { font-size: 13px; font-weight: 600; fill: #111827; }
    svg .legend { fill: #111827; }
    .note { color: #92400e; background: #fffbeb; padding: 6px 10px; border-radius: 4px; }
    pre { background: #f9fafb; padding: 10px; overflow-x: auto; font-size: 12px; }
    </style>
    </head>
    <body>
    <h1>stepwise load: {{scenario}}</h1>
    <div class="meta">{{endpoint}} · {{model}} · {{seconds}} s</div>
    <div class="cards">
    <div class="card">started<b id="started">{{started}}</b>{{startRate}}/s</div>
    {{#finished}}<div class="card">{{status}}<b>{{count}}</b></div>{{/finished}}
    <div class="card">still open<b>{{open}}</b></div>
    {{#hasCallbacks}}<div class="card">tokens answered<b>{{callbacks}}</b></div>{{/hasCallbacks}}
    </div>
    <h2>Refused starts</h2>
    <table><tr><th>error</th><th>count</th></tr>
    {{#errors}}<tr><td>{{code}}</td><td>{{count}}</td></tr>{{/errors}}
    </table>
    {{#hasAccounts}}<h2>Accounts</h2>
    <table><tr><th>access key</th><th>started</th><th>ExecutionLimitExceeded</th><th>ThrottlingException</th><th>other errors</th><th>most open</th><th>limit</th></tr>
    {{/hasAccounts}}{{#accounts}}<tr><td>{{key}}</td><td>{{started}}</td><td>{{limitExceeded}}</td><td>{{throttled}}</td><td>{{otherErrors}}</td><td>{{maxOpen}}</td><td>{{limit}}</td></tr>
    {{/accounts}}{{#hasAccounts}}</table>{{/hasAccounts}}
    {{#quotaUnknown}}<p class="note">This endpoint does not tell its open-execution count or limit (Stepwise.DescribeAccountQuota); the open count plotted is the run's own (started and not yet seen to end).</p>{{/quotaUnknown}}
    <h2>Plots</h2>
    <div class="plots">
    {{#plots}}{{{svg}}}
    {{/plots}}
    </div>
    <h2>Latency (ms)</h2>
    <table><tr><th></th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
    {{#latency}}<tr><td>{{name}}</td><td>{{count}}</td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/latency}}
    </table>
    {{#hasSample}}<p>Per Task figures from {{sampled}} sampled histories; child starts refused at the limit and retried in them: {{limitRetries}}.</p>{{/hasSample}}
    <h2>Summary</h2>
    <pre>{{summary}}</pre>
    </body>
    </html>
    """#
}
