import Foundation
import JSONValue
import Store
import Testing

@testable import API

@Suite("console pages (pure)")
struct ConsolePagesTests {
    static func record(_ name: String, status: ExecutionRecord.Status = .succeeded, parent: String? = nil,
                       error: String? = nil, cause: String? = nil) -> ExecutionRecord {
        ExecutionRecord(arn: "arn:aws:states:us-east-1:123456789012:execution:m:\(name)", account: "123456789012",
                        stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", stateMachineRevisionId: "1",
                        name: name, status: status, input: #"{"a": "<i>"}"#, error: error, cause: cause,
                        startDate: Date(timeIntervalSince1970: 1_796_480_000), parentArn: parent)
    }

    @Test("a form body's fields, with + and percent escapes")
    func form() {
        let fields = Console.form(Array("accessKeyId=test&secretAccessKey=a%2Bb+c%26d&empty=&flag".utf8))
        #expect(fields == ["accessKeyId": "test", "secretAccessKey": "a+b c&d", "empty": "", "flag": ""])
    }

    @Test("an execution's page: its parent as Started by, its children linked, every value escaped")
    func execution() {
        let parent = Self.record("p")
        let child = Self.record("c", parent: parent.arn)
        let failed = Self.record("f", status: .failed, parent: parent.arn, error: "Broken", cause: "<script>x</script>")
        let input = ExecutionPage.Input(
            record: failed, definition: nil, events: [], eventsPage: 1, ancestors: [parent],
            children: Page(items: [child], nextToken: "more"), childStatusCounts: [.succeeded: 1], grandchildCounts: [child.arn: 3])
        let page = ConsolePages.render(ExecutionPage.body(input), account: "123456789012", csrf: "tok")
        #expect(page.contains(#"<a id="started-by" href="\#(ConsolePages.link(parent.arn))">p</a>"#))
        #expect(page.contains(#"<a class="child" href="\#(ConsolePages.link(child.arn))">c</a>"#))
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"))
        #expect(page.contains(#"<input type="hidden" name="csrf" value="tok">"#))
        // The child's own 3 children load when opened; the parent's further children page on.
        #expect(page.contains(#"<details class="lazy" data-url="/console/tree/\#(ConsolePages.escapePath(child.arn))?indent=0"><summary>3 started</summary>"#))
        #expect(page.contains(#"class="load-more" data-url="/console/tree/\#(ConsolePages.escapePath(failed.arn))?next=more&amp;indent=22""#))
        #expect(page.contains("1 started: 1 succeeded"))
        // A failed execution can no longer be stopped.
        #expect(!page.contains(#"id="stop""#))
        #expect(ConsolePages.link(parent.arn) == "/console/executions/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Am%3Ap")
    }

    @Test("a running execution's page polls and offers Stop; history pages of 100 events")
    func runningExecution() {
        let running = Self.record("r", status: .running)
        let events = (1...250).map { HistoryEvent(id: Int64($0), previousEventId: Int64($0 - 1), timestamp: running.startDate, type: "PassStateEntered", details: #"{"name":"P","input":"{}"}"#) }
        let input = ExecutionPage.Input(record: running, definition: nil, events: events, eventsPage: 3, ancestors: [],
                                        children: Page(items: [], nextToken: nil), childStatusCounts: [:], grandchildCounts: [:])
        let page = ConsolePages.render(ExecutionPage.body(input), account: "123456789012", csrf: "tok")
        #expect(page.contains(#"data-running="true""#))
        #expect(page.contains(#"id="stop""#))
        #expect(page.contains("(250 events, page 3 of 3)"))
        #expect(page.contains("<td>201</td>") && page.contains("<td>250</td>") && !page.contains("<td>200</td>"))
        #expect(page.contains(#"id="events-previous" href="\#(ConsolePages.link(running.arn))?events=2#history""#))
        #expect(!page.contains("events-next"))
    }

    @Test("the executions list's filters: a bad status or date is said, not crashed on; links keep the filters")
    func executionsQuery() throws {
        let account = "123456789012"
        let q = ListPages.ExecutionsQuery(["status": "FAILED", "prefix": "order_", "after": "2026-12-06T04:20", "before": "2026-12-06T05:00:30", "next": "tok"])
        let filter = try q.filter(account: account).get()
        #expect(filter.status == .failed && filter.namePrefix == "order_")
        #expect(filter.startedAfter == Date(timeIntervalSince1970: 1_796_530_800))
        #expect(filter.startedBefore == Date(timeIntervalSince1970: 1_796_533_230))
        #expect(q.query(next: "n2") == "status=FAILED&prefix=order_&after=2026-12-06T04%3A20&before=2026-12-06T05%3A00%3A30&next=n2")
        #expect(throws: ConsoleInputError.self) { try ListPages.ExecutionsQuery(["status": "DONE"]).filter(account: account).get() }
        #expect(throws: ConsoleInputError.self) { try ListPages.ExecutionsQuery(["after": "yesterday"]).filter(account: account).get() }
        #expect(ConsolePages.parseDate("2026-13-01T00:00") == nil)
    }

    @Test("JSON shown indented; JSON inside a script element cannot close it")
    func json() {
        #expect(ConsolePages.pretty(#"{"a":[1,{"b":"<x>"}],"c":{}}"#) == "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"<x>\"\n    }\n  ],\n  \"c\": {}\n}")
        #expect(ConsolePages.pretty("not json") == "not json")
        #expect(ConsolePages.scriptJSON(.string("</script><b>")) == #""\u003c/script>\u003cb>""#)
    }

    @Test("dates as ISO 8601 in UTC with milliseconds")
    func dates() {
        #expect(ConsolePages.date(Date(timeIntervalSince1970: 1_796_480_000.584)) == "2026-12-05T14:13:20.584Z")
        #expect(ConsolePages.date(Date(timeIntervalSince1970: 1_767_225_599.007)) == "2025-12-31T23:59:59.007Z")
    }

    @Test("the sign-in page has no session parts; a failed sign-in says why")
    func signIn() {
        let page = ConsolePages.render(ConsolePages.signIn(message: "wrong"), account: nil, csrf: nil)
        #expect(page.contains(#"id="sign-in-error">wrong<"#))
        #expect(!page.contains("sign-out"))
        #expect(!ConsolePages.render(ConsolePages.signIn(message: nil), account: nil, csrf: nil).contains("sign-in-error"))
    }
}
