import Foundation
import JSONValue
import Testing
@testable import ASL

/// Runs the AWS-recorded intrinsic cases (single Pass state with Parameters) straight through
/// `DataFlow.evaluateTemplate`, so a data-layer regression shows without the interpreter.
@Suite struct IntrinsicConformanceTests {
    static let directory = "/work/shared/conformance/cases"

    struct Case {
        var name: String
        var parameters: JSON
        var input: JSON
        var expected: JSON
    }

    static func loadCases(in category: String) -> [Case] {
        let path = directory + "/" + category
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var cases: [Case] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: path + "/" + name),
                  let file = try? JSON(parsing: [UInt8](data)),
                  let states = file["definition"]?["States"]?.objectValue, states.count == 1,
                  let state = states.values.first, state["Type"] == .string("Pass"), state["QueryLanguage"] == nil,
                  let parameters = state["Parameters"], !parameters.serialized().contains("$$"),
                  file["expected"]?["status"] == .string("SUCCEEDED"), let output = file["expected"]?["output"]
            else { continue }
            let input = file["input"].flatMap { $0.isNull ? nil : $0 } ?? .object(JSONObject())
            cases.append(Case(name: name, parameters: parameters, input: input, expected: output))
        }
        return cases
    }

    @Test func recordedIntrinsicCases() throws {
        let cases = Self.loadCases(in: "intrinsic_functions")
        guard FileManager.default.fileExists(atPath: Self.directory) else { return }
        print("recorded intrinsic cases run: \(cases.count)")
        #expect(cases.count >= 60)
        for c in cases {
            let env = PathEnvironment(input: c.input, context: .object(JSONObject()))
            do {
                let output = try DataFlow.evaluateTemplate(c.parameters, in: env)
                if c.expected.serialized().contains("RandomNumberGenerated") { continue }
                #expect(output == c.expected, "\(c.name)")
            } catch {
                Issue.record("\(c.name): \(error)")
            }
        }
    }

    @Test func recordedBasePassCases() throws {
        let cases = Self.loadCases(in: "base")
        guard FileManager.default.fileExists(atPath: Self.directory) else { return }
        print("recorded base Pass cases run: \(cases.count)")
        #expect(cases.count >= 5)
        for c in cases {
            let env = PathEnvironment(input: c.input, context: .object(JSONObject()))
            #expect((try? DataFlow.evaluateTemplate(c.parameters, in: env)) == c.expected, "\(c.name)")
        }
    }
}
