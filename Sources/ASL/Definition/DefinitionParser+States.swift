import JSONValue
extension DefinitionParser {
    static let commonFields: Set<String> = ["Type", "Comment", "QueryLanguage"]
    static let fieldsByType: [String: Set<String>] = [
        "Pass": ["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"],
        "Task": ["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry",
                 "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                 "HeartbeatSecondsPath", "Credentials", "Assign"],
        "Choice": ["InputPath", "OutputPath", "Choices", "Default", "Assign"],
        "Wait": ["Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"],
        "Succeed": ["InputPath", "OutputPath"],
        "Fail": ["Error", "ErrorPath", "Cause", "CausePath"],
        "Parallel": ["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                     "Retry", "Catch", "Branches", "Assign"],
        "Map": ["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ItemSelector",
                "ResultSelector", "Retry", "Catch", "Iterator", "ItemProcessor", "ItemsPath", "MaxConcurrency",
                "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ItemReader", "ResultWriter",
                "ItemBatcher", "Label", "Assign"],
    ]

    static let jsonataFieldsByType: [String: Set<String>] = [
        "Pass": ["Next", "End", "Output", "Assign"],
        "Task": ["Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch", "Resource", "TimeoutSeconds",
                 "HeartbeatSeconds", "Credentials"],
        "Choice": ["Choices", "Default", "Output", "Assign"],
        "Wait": ["Next", "End", "Seconds", "Timestamp", "Output", "Assign"],
        "Succeed": ["Output"],
        "Fail": ["Error", "Cause"],
        "Parallel": ["Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch", "Branches"],
        "Map": ["Next", "End", "Items", "ItemSelector", "ItemProcessor", "MaxConcurrency", "ToleratedFailureCount",
                "ToleratedFailurePercentage", "Output", "Assign", "Retry", "Catch", "ItemReader", "ResultWriter",
                "ItemBatcher", "Label"],
    ]

    mutating func parseState(name: String, _ json: JSON, at loc: String) -> State? {
        guard case .object(let o) = json else {
            fail("Expected value of type Object", at: loc)
            return nil
        }
        guard let type = string(o, "Type", at: loc) else {
            if o["Type"] == nil { fail("These fields are required: [Type]", at: loc) }
            return nil
        }
        guard Self.fieldsByType[type] != nil else {
            fail("Unknown state type '\(type)'", at: loc + "/Type")
            return nil
        }
        var language = topLanguage
        if let lang = o["QueryLanguage"] {
            let value = lang.stringValue.flatMap(QueryLanguage.init(rawValue:))
            if value == nil {
                fail("Field 'QueryLanguage' must be 'JSONPath' or 'JSONata'", at: loc + "/QueryLanguage")
            } else if value == .jsonPath, topLanguage == .jsonata {
                fail("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at: loc)
                return nil
            } else if let value {
                language = value
            }
        }
        if !language.isSupported {
            fail("QueryLanguage '\(language.rawValue)' is not supported yet", at: loc + "/QueryLanguage", code: "UNSUPPORTED_FEATURE")
            return nil
        }
        let allowed = (language == .jsonata ? Self.jsonataFieldsByType[type] : Self.fieldsByType[type]) ?? []
        checkFields(o, allowed: allowed.union(Self.commonFields), at: loc)
        var io = StateIO()
        io.language = language
        if language == .jsonata {
            if allowed.contains("Arguments") { io.arguments = jsonataField(o, "Arguments", at: loc) }
            if allowed.contains("Output") { io.output = jsonataField(o, "Output", at: loc) }
            io.assign = jsonataField(o, "Assign", at: loc)
            io.usesContext = true
        } else {
            if allowed.contains("InputPath") { io.inputPath = path(o, "InputPath", at: loc) }
            if allowed.contains("OutputPath") { io.outputPath = path(o, "OutputPath", at: loc) }
            if allowed.contains("ResultPath") { io.resultPath = path(o, "ResultPath", at: loc, kind: .referencePath) }
            if allowed.contains("Parameters") { io.parameters = template(o, "Parameters", at: loc) }
            if allowed.contains("ResultSelector") { io.resultSelector = template(o, "ResultSelector", at: loc) }
            io.assign = template(o, "Assign", at: loc)
            io.usesContext = o.contains { $0.key != "Result" && Self.mentionsContext($0.value) }
        }

        switch type {
        case "Pass":
            return .pass(PassState(name: name, transition: transition(o, at: loc), io: io, result: o["Result"]))
        case "Succeed":
            return .succeed(SucceedState(name: name, io: io))
        case "Fail":
            return .fail(FailState(name: name, error: string(o, "Error", at: loc), errorPath: optionalPath(o, "ErrorPath", at: loc),
                                   cause: string(o, "Cause", at: loc), causePath: optionalPath(o, "CausePath", at: loc),
                                   language: language))
        case "Wait":
            return parseWait(name: name, o, io: io, at: loc)
        case "Choice":
            return parseChoice(name: name, o, io: io, at: loc)
        case "Task":
            return parseTask(name: name, o, io: io, at: loc)
        case "Parallel":
            return parseParallel(name: name, o, io: io, at: loc)
        default:
            return parseMap(name: name, o, io: io, at: loc)
        }
    }

    /// A `...Path` field that may also hold an intrinsic function (`ErrorPath`, `CausePath`).
    mutating func optionalPath(_ o: JSONObject, _ key: String, at loc: String) -> String? {
        guard let value = string(o, key, at: loc) else { return nil }
        let invalid = value.hasPrefix("States.") ? DataFlow.validateIntrinsic(value) != nil : DataFlow.validatePath(value, kind: .path) != nil
        if invalid {
            fail("The value for the field '\(key)' must be a valid JSONPath or a valid intrinsic function call", at: loc + "/" + key)
        }
        return value
    }

    mutating func parseWait(name: String, _ o: JSONObject, io: StateIO, at loc: String) -> State {
        var wait = WaitState(name: name, transition: transition(o, at: loc), io: io)
        if io.language == .jsonata, case .string(let s)? = o["Seconds"], JSONataExpression.isExpression(s) {
            wait.secondsExpression = s
        } else {
            wait.seconds = integer(o, "Seconds", at: loc, minimum: 0)
        }
        if io.language == .jsonata, case .string(let s)? = o["Timestamp"], JSONataExpression.isExpression(s) {
            wait.timestampExpression = s
        } else {
            wait.timestamp = string(o, "Timestamp", at: loc)
        }
        if let ts = wait.timestamp, RFC3339Timestamp(ts) == nil {
            fail("String does not match RFC3339 timestamp", at: loc + "/Timestamp")
        }
        wait.secondsPath = o["SecondsPath"] == nil ? nil : path(o, "SecondsPath", at: loc, nullable: false)
        wait.timestampPath = o["TimestampPath"] == nil ? nil : path(o, "TimestampPath", at: loc, nullable: false)
        let count = [o["Seconds"], o["Timestamp"], o["SecondsPath"], o["TimestampPath"]].compactMap { $0 }.count
        if count != 1 {
            fail("A Wait state must contain exactly one of 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'", at: loc)
        }
        return .wait(wait)
    }

    mutating func parseParallel(name: String, _ o: JSONObject, io: StateIO, at loc: String) -> State? {
        guard case .array(let items)? = o["Branches"] else {
            fail(o["Branches"] == nil ? "These fields are required: [Branches]" : "Expected value of type Array",
                 at: o["Branches"] == nil ? loc : loc + "/Branches")
            return nil
        }
        var branches: [StateGraph] = []
        for (i, item) in items.enumerated() {
            guard case .object(let b) = item else {
                fail("Expected value of type Object", at: loc + "/Branches[\(i)]")
                continue
            }
            if let g = parseGraph(b, at: loc + "/Branches[\(i)]") { branches.append(g) }
        }
        return .parallel(ParallelState(name: name, transition: transition(o, at: loc), io: io, branches: branches,
                                       retriers: parseRetry(o, at: loc), catchers: parseCatch(o, at: loc, language: io.language)))
    }
}
