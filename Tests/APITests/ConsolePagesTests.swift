import Foundation
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
        let page = ConsolePages.render(ConsolePages.execution(failed, ancestors: [parent], children: [child]),
                                       account: "123456789012", csrf: "tok")
        #expect(page.contains(#"<a id="started-by" href="\#(ConsolePages.link(parent.arn))">p</a>"#))
        #expect(page.contains(#"<a class="child" href="\#(ConsolePages.link(child.arn))">c</a>"#))
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>"))
        #expect(page.contains(#"<input type="hidden" name="csrf" value="tok">"#))
        #expect(ConsolePages.link(parent.arn) == "/console/executions/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Am%3Ap")
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
