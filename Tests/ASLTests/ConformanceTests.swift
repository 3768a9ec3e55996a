import ASL
import Testing

/// Runs the AWS-recorded conformance corpus (`../shared/conformance/cases`) through the interpreter.
@Suite struct ConformanceTests {
    @Test func recordedCasesMatchAWS() throws {
        let cases = try ConformanceCase.loadAll()
        try #require(!cases.isEmpty, "no cases under \(ConformanceCase.casesDirectoryPath)")
        let known = try ConformanceCase.knownFailures()
        var passed = 0, failed = 0, historyPassed = 0, historyTotal = 0
        var validationPassed = 0, validationFailed = 0, messageDiffers = 0
        var perCategory: [String: (passed: Int, failed: Int)] = [:]
        var unexpectedFailures: [String] = []
        var unexpectedPasses: [String] = []
        for c in cases {
            let outcome = ConformanceRunner.run(c)
            guard outcome.applicable else { continue }
            if c.isValidation {
                if outcome.passed { validationPassed += 1 } else { validationFailed += 1 }
                if outcome.messageDiffers { messageDiffers += 1 }
            } else {
                if outcome.passed { passed += 1 } else { failed += 1 }
                if outcome.historyCompared {
                    historyTotal += 1
                    if outcome.passed { historyPassed += 1 }
                }
            }
            perCategory[c.category, default: (0, 0)].passed += outcome.passed ? 1 : 0
            perCategory[c.category, default: (0, 0)].failed += outcome.passed ? 0 : 1
            if !outcome.passed, known[c.id] == nil { unexpectedFailures.append("\(c.id): \(outcome.reason)") }
            if outcome.passed, known[c.id] != nil { unexpectedPasses.append(c.id) }
        }
        for (category, counts) in perCategory.sorted(by: { $0.key < $1.key }) {
            print("  \(category): \(counts.passed) passed, \(counts.failed) failed")
        }
        print("conformance (interpreter): \(passed) passed, \(failed) failed of \(passed + failed); with history: \(historyPassed) of \(historyTotal)")
        print("conformance (validation): \(validationPassed) passed, \(validationFailed) failed; message differs: \(messageDiffers)")
        for line in unexpectedFailures { print("UNEXPECTED FAILURE \(line)") }
        for id in unexpectedPasses { print("UNEXPECTED PASS \(id) (remove it from known-failures.txt)") }
        #expect(unexpectedFailures.isEmpty, "\(unexpectedFailures.count) case(s) failed that are not in known-failures.txt")
        #expect(unexpectedPasses.isEmpty, "\(unexpectedPasses.count) case(s) in known-failures.txt pass now")
    }
}
