import JSONValue
import Testing
@testable import ASL

/// Every `{% %}` string in the recorded AWS cases parses (evaluation is covered case by case in
/// `JSONataRecordedCaseTests`).
@Suite struct JSONataCorpusTests {
    static func expressions(in value: JSON, into out: inout [String]) {
        switch value {
        case .string(let s): if let body = JSONataExpression.body(of: s) { out.append(body) }
        case .array(let items): for item in items { expressions(in: item, into: &out) }
        case .object(let o): for (_, v) in o { expressions(in: v, into: &out) }
        default: break
        }
    }

    @Test func everyRecordedExpressionParses() throws {
        var found: [String] = []
        for c in try ConformanceCase.loadAll() where !c.isValidation {
            if let definition = c.json["definition"] { JSONataCorpusTests.expressions(in: definition, into: &found) }
        }
        #expect(found.count >= 71)
        for source in found {
            #expect(throws: Never.self, "\(source)") { _ = try JSONataExpression(parsing: source) }
        }
    }
}
