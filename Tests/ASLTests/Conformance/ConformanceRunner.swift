import ASL
import EngineTesting
import JSONValue

/// Runs one conformance case through the interpreter and compares it with the recording.
struct ConformanceRunner {
    struct Outcome {
        var passed: Bool
        var reason: String
        /// Whether the history was compared (and matched when `passed`).
        var historyCompared = false
        var messageDiffers = false
        var applicable = true
    }

    static let account = "123456789012"
    static let roleArn = "arn:aws:iam::123456789012:role/sfn-conformance"

    static func run(_ testCase: ConformanceCase) -> Outcome {
        testCase.isValidation ? runValidation(testCase) : runExecution(testCase)
    }

    static func runExecution(_ c: ConformanceCase) -> Outcome {
        var driver = SynchronousDriver(account: account, roleArn: roleArn)
        var replacements: [(String, String)] = []
        var refToArn: [(String, String)] = []
        var childNames: [(String, String)] = []
        for (i, child) in (c.json["children"]?.arrayValue ?? []).enumerated() {
            guard let ref = child["ref"]?.stringValue, let definition = child["definition"] else { continue }
            let name = "conf-child-\(i)-sm"
            let text = substitute(definition.serialized(), refToArn)
            guard let parsed = try? StateMachineDefinition(parsing: text) else {
                return Outcome(passed: false, reason: "child definition refused")
            }
            driver.stateMachines[driver.stateMachineArn(name)] = parsed
            refToArn.append((ref, driver.stateMachineArn(name)))
            if let placeholder = child["placeholder"]?.stringValue { childNames.append((name, placeholder)) }
        }
        let definitionText = substitute((c.json["definition"] ?? .null).serialized(), refToArn)
        let definition: StateMachineDefinition
        do {
            definition = try StateMachineDefinition(parsing: definitionText)
        } catch {
            return Outcome(passed: false, reason: "definition refused: \(error.message)")
        }
        var input = JSON.object(JSONObject())
        var inputText: String?
        if let raw = c.json["input"], !raw.isNull {
            input = (try? JSON(parsing: substitute(raw.serialized(), refToArn))) ?? raw
            inputText = PythonJSON.dumps(input)
        }
        let smName = "conformance-state-machine"
        let executionName = c.json["execution_name"]?.stringValue
        let run = driver.run(definition, input: input, stateMachineName: smName, executionName: executionName, inputText: inputText)

        if let p = c.json["state_machine_placeholder"]?.stringValue { replacements.append((smName, p)) }
        if let p = c.json["execution_placeholder"]?.stringValue, run.info.name.count >= 8 { replacements.append((run.info.name, p)) }
        replacements += childNames
        replacements += [(roleArn, "snf_role_arn"), (account, "111111111111"), (driver.region, "<region>"),
                         ("arn:aws:", "arn:<partition>:")]
        let norm = ConformanceNormaliser(replacements: replacements, wildcards: c.wildcards)
        var problems: [String] = []
        let expected = c.expected
        let expectedStatus = expected["status"]?.stringValue ?? ""
        if run.result.status.rawValue != expectedStatus {
            problems.append("status: expected \(expectedStatus), got \(run.result.status.rawValue) (\(run.result.error ?? "") \(run.result.cause ?? ""))")
        } else if expectedStatus == "SUCCEEDED" {
            let actual: JSON
            if expected["output_raw"]?.boolValue == true {
                actual = norm.normalise(.string(run.result.output?.serialized() ?? "null"))
            } else {
                actual = norm.normalise(run.result.output ?? .null)
            }
            if let d = norm.diff(expected["output"], actual, path: "output") { problems.append(d) }
        } else {
            for (field, value) in [("error", run.result.error), ("cause", run.result.cause)] {
                let e = expected[field]
                let a = value.map { norm.normalise(norm.snapshotForm(.string($0))) }
                if e == nil || e == .null, a == nil || a == .string("") { continue }
                if let d = norm.diff(e == .null ? nil : e, a, path: field) { problems.append(d) }
            }
        }
        var historyCompared = false
        if case .array(let recorded)? = expected["history"] {
            historyCompared = true
            let transforms = c.json["history_transforms"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let actual = norm.historyForm(run.history, outputJSON: transforms.contains("output_json"))
            if let d = norm.diffHistory(recorded, actual, unorderedParallel: transforms.contains("parallel_unordered")) {
                problems.append(d)
            }
        }
        return Outcome(passed: problems.isEmpty, reason: problems.joined(separator: "; "), historyCompared: historyCompared)
    }

    static func substitute(_ text: String, _ pairs: [(String, String)]) -> String {
        var text = text
        for (from, to) in pairs { text = text.replacing(from, with: to) }
        return text
    }

    /// Definition-level validation cases: CreateStateMachine → InvalidDefinition, and
    /// ValidateStateMachineDefinition's diagnostics. Other API errors are not the interpreter's.
    static func runValidation(_ c: ConformanceCase) -> Outcome {
        let operation = c.json["operation"]?.stringValue ?? ""
        let request = c.json["request"]?.objectValue ?? JSONObject()
        let setup = c.json["setup"]?.arrayValue ?? []
        guard let text = request["definition"]?.stringValue, setup.isEmpty,
              operation == "CreateStateMachine" || operation == "ValidateStateMachineDefinition" else {
            return Outcome(passed: true, reason: "", applicable: false)
        }
        let type: StateMachineType = request["type"]?.stringValue == "EXPRESS" ? .express : .standard
        var diagnostics: [Diagnostic] = []
        do {
            _ = try StateMachineDefinition(parsing: text, type: type)
        } catch {
            diagnostics = error.diagnostics
        }
        if let apiError = c.expected["api_error"]?.objectValue {
            guard apiError["code"]?.stringValue == "InvalidDefinition" else { return Outcome(passed: true, reason: "", applicable: false) }
            if diagnostics.isEmpty { return Outcome(passed: false, reason: "accepted; AWS: \(apiError["message"]?.stringValue ?? "")") }
            let message = DefinitionError(diagnostics).message
            let norm = ConformanceNormaliser(replacements: [("arn:aws:", "arn:<partition>:")], wildcards: c.wildcards)
            let differs = norm.diff(apiError["message"], .string(message)) != nil
            return Outcome(passed: true, reason: differs ? "message differs: \(message)" : "", messageDiffers: differs)
        }
        guard let validate = c.expected["validate_definition"]?.objectValue else { return Outcome(passed: true, reason: "", applicable: false) }
        let expectedDiagnostics = validate["diagnostics"]?.arrayValue ?? []
        let result = diagnostics.contains { $0.severity == .error } ? "FAIL" : "OK"
        if validate["result"]?.stringValue != result {
            return Outcome(passed: false, reason: "result: expected \(validate["result"]?.stringValue ?? ""), got \(result) \(diagnostics)")
        }
        if expectedDiagnostics.count != diagnostics.count {
            return Outcome(passed: false, reason: "diagnostics: expected \(expectedDiagnostics.count), got \(diagnostics)")
        }
        var differs = false
        for (e, a) in zip(expectedDiagnostics, diagnostics) {
            if e["severity"]?.stringValue != a.severity.rawValue || e["code"]?.stringValue != a.code || e["location"]?.stringValue != a.location {
                return Outcome(passed: false, reason: "diagnostic: expected \(e.serialized()), got \(a)")
            }
            if e["message"]?.stringValue != a.message { differs = true }
        }
        return Outcome(passed: true, reason: "", messageDiffers: differs)
    }
}
