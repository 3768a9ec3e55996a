import JSONValue
extension DefinitionParser {
    /// `arn:aws:states:::<service>:<action>` integrations AWS recognises (optimised ones);
    /// `aws-sdk:*` is accepted as a whole.
    static let knownIntegrations: Set<String> = [
        "states:startExecution", "lambda:invoke", "sqs:sendMessage", "sns:publish", "events:putEvents",
        "dynamodb:getItem", "dynamodb:putItem", "dynamodb:updateItem", "dynamodb:deleteItem",
        "ecs:runTask", "batch:submitJob", "glue:startJobRun", "http:invoke", "apigateway:invoke",
        "codebuild:startBuild", "athena:startQueryExecution", "bedrock:invokeModel", "activity",
    ]

    mutating func parseTask(name: String, _ o: JSONObject, io: StateIO, at loc: String) -> State? {
        guard let resource = string(o, "Resource", at: loc) else {
            if o["Resource"] == nil { fail("These fields are required: [Resource]", at: loc) }
            return nil
        }
        checkResource(resource, at: loc + "/Resource")
        var task = TaskState(name: name, transition: transition(o, at: loc), io: io, resource: resource,
                             retriers: parseRetry(o, at: loc), catchers: parseCatch(o, at: loc, language: io.language))
        task.timeoutSeconds = integer(o, "TimeoutSeconds", at: loc, minimum: 1)
        task.heartbeatSeconds = integer(o, "HeartbeatSeconds", at: loc, minimum: 1)
        if o["TimeoutSecondsPath"] != nil { task.timeoutSecondsPath = path(o, "TimeoutSecondsPath", at: loc, nullable: false) }
        if o["HeartbeatSecondsPath"] != nil { task.heartbeatSecondsPath = path(o, "HeartbeatSecondsPath", at: loc, nullable: false) }
        if task.timeoutSeconds != nil, task.timeoutSecondsPath != nil {
            fail("Only one of 'TimeoutSeconds' or 'TimeoutSecondsPath' can be present", at: loc)
        }
        if let t = task.timeoutSeconds, let h = task.heartbeatSeconds, h >= t {
            fail("HeartbeatSeconds must be smaller than TimeoutSeconds", at: loc + "/HeartbeatSeconds")
        }
        if let credentials = o["Credentials"] {
            if case .object(let c) = credentials {
                if c["RoleArn"] == nil && c["RoleArn.$"] == nil {
                    fail("The field 'RoleArn' is required but was missing", at: loc + "/Credentials")
                }
            } else {
                fail("Expected value of type Object", at: loc + "/Credentials")
            }
            task.credentials = credentials
        }
        return .task(task)
    }

    mutating func checkResource(_ resource: String, at loc: String) {
        guard resource.hasPrefix("arn:") else {
            fail("Value is not a valid resource ARN", at: loc)
            return
        }
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 || parts.count == 7 || parts.count >= 6 else {
            fail("Value is not a valid resource ARN", at: loc)
            return
        }
        guard parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty else { return }
        let service = String(parts[5])
        let base = service.split(separator: ".").first.map(String.init) ?? service
        if base.hasPrefix("aws-sdk:") || Self.knownIntegrations.contains(base) {
            if isExpress, service.hasSuffix(".sync") || service.hasSuffix(".sync:2") {
                fail("Express state machine does not support '.sync' service integration", at: loc)
            } else if isExpress, service.hasSuffix(".waitForTaskToken") {
                fail("Express state machine does not support '.waitForTaskToken' service integration ", at: loc)
            }
            return
        }
        fail("The resource provided \(resource) is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.", at: loc)
    }

    mutating func parseRetry(_ o: JSONObject, at loc: String) -> [Retrier] {
        guard let value = o["Retry"] else { return [] }
        guard case .array(let items) = value else {
            fail("Expected value of type Array", at: loc + "/Retry")
            return []
        }
        var result: [Retrier] = []
        for (i, item) in items.enumerated() {
            let at = loc + "/Retry[\(i)]"
            guard case .object(let r) = item else { fail("Expected value of type Object", at: at); continue }
            checkFields(r, allowed: ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                                     "MaxDelaySeconds", "JitterStrategy", "Comment"], at: at)
            var retrier = Retrier(errorEquals: errorEquals(r, at: at, isLast: i == items.count - 1))
            retrier.intervalSeconds = integer(r, "IntervalSeconds", at: at, minimum: 1) ?? 1
            retrier.maxAttempts = integer(r, "MaxAttempts", at: at, minimum: 0) ?? 3
            if let rate = double(r, "BackoffRate", at: at) {
                if rate < 1.0 { fail("BackoffRate must be at least 1.0", at: at + "/BackoffRate") }
                retrier.backoffRate = rate
            }
            retrier.maxDelaySeconds = integer(r, "MaxDelaySeconds", at: at, minimum: 1)
            if let j = string(r, "JitterStrategy", at: at) {
                if let jitter = Retrier.Jitter(rawValue: j) { retrier.jitter = jitter } else {
                    fail("JitterStrategy must be FULL or NONE", at: at + "/JitterStrategy")
                }
            }
            result.append(retrier)
        }
        return result
    }

    mutating func parseCatch(_ o: JSONObject, at loc: String, language: QueryLanguage) -> [Catcher] {
        guard let value = o["Catch"] else { return [] }
        guard case .array(let items) = value else {
            fail("Expected value of type Array", at: loc + "/Catch")
            return []
        }
        var result: [Catcher] = []
        for (i, item) in items.enumerated() {
            let at = loc + "/Catch[\(i)]"
            guard case .object(let c) = item else { fail("Expected value of type Object", at: at); continue }
            checkFields(c, allowed: language == .jsonata ? ["ErrorEquals", "Next", "Output", "Assign", "Comment"]
                                                         : ["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"], at: at)
            guard let next = string(c, "Next", at: at) else {
                if c["Next"] == nil { fail("These fields are required: [Next]", at: at) }
                continue
            }
            var catcher = Catcher(errorEquals: errorEquals(c, at: at, isLast: i == items.count - 1), next: next)
            if language == .jsonata {
                catcher.output = jsonataField(c, "Output", at: at)
                catcher.assign = jsonataField(c, "Assign", at: at)
            } else {
                catcher.resultPath = path(c, "ResultPath", at: at, kind: .referencePath)
                catcher.assign = template(c, "Assign", at: at)
            }
            result.append(catcher)
        }
        return result
    }

    mutating func errorEquals(_ o: JSONObject, at loc: String, isLast: Bool) -> [String] {
        guard case .array(let items)? = o["ErrorEquals"] else {
            fail(o["ErrorEquals"] == nil ? "These fields are required: [ErrorEquals]" : "Expected value of type Array",
                 at: o["ErrorEquals"] == nil ? loc : loc + "/ErrorEquals")
            return []
        }
        let names = items.compactMap(\.stringValue)
        if names.count != items.count { fail("Expected value of type String", at: loc + "/ErrorEquals") }
        if names.isEmpty { fail("ErrorEquals must not be empty", at: loc + "/ErrorEquals") }
        if names.contains("States.ALL"), names.count > 1 || !isLast {
            fail("States.ALL must appear alone in ErrorEquals and in the last Retrier/Catcher", at: loc + "/ErrorEquals")
        }
        return names
    }
}
