import JSONValue
extension DefinitionParser {
    mutating func parseMap(name: String, _ o: JSONObject, io: StateIO, at loc: String) -> State? {
        var io = io
        let key = o["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard case .object(let p)? = o[key] else {
            fail(o[key] == nil ? "These fields are required: [ItemProcessor]" : "Expected value of type Object",
                 at: o[key] == nil ? loc : loc + "/" + key)
            return nil
        }
        if o["ItemProcessor"] != nil, o["Iterator"] != nil {
            fail("Only one of 'ItemProcessor' or 'Iterator' can be present", at: loc)
        }
        var distributed = false
        if case .object(let config)? = p["ProcessorConfig"] {
            let mode = config["Mode"]?.stringValue ?? "INLINE"
            if mode == "DISTRIBUTED" {
                distributed = true
            } else if mode != "INLINE" {
                fail("Mode must be INLINE or DISTRIBUTED", at: loc + "/" + key + "/ProcessorConfig/Mode")
            }
        }
        // Distributed Map reading items from S3, batching them or writing results to S3 needs S3.
        for field in ["ItemReader", "ResultWriter", "ItemBatcher"] where o[field] != nil {
            fail("Field '\(field)' is not supported yet (it needs Amazon S3)", at: loc + "/" + field, code: "UNSUPPORTED_FEATURE")
        }
        if let label = o["Label"] {
            if !distributed { fail("Field 'Label' is only supported in DISTRIBUTED mode", at: loc + "/Label") }
            if let problem = Self.labelProblem(label) { fail(problem, at: loc + "/Label") }
        }
        checkFields(p, allowed: ["StartAt", "States", "ProcessorConfig", "Comment"], at: loc + "/" + key)
        guard let processor = parseGraph(p, at: loc + "/" + key) else { return nil }
        if o["ItemSelector"] != nil, o["Parameters"] != nil {
            fail("Only one of 'ItemSelector' or 'Parameters' can be present", at: loc)
        }
        if o["ItemSelector"] != nil {
            io.parameters = io.language == .jsonata ? jsonataField(o, "ItemSelector", at: loc) : template(o, "ItemSelector", at: loc)
        }
        var map = MapState(name: name, transition: transition(o, at: loc), io: io, processor: processor,
                           retriers: parseRetry(o, at: loc), catchers: parseCatch(o, at: loc, language: io.language))
        map.distributed = distributed
        map.label = o["Label"]?.stringValue
        map.itemsPath = path(o, "ItemsPath", at: loc, nullable: false) ?? "$"
        if io.language == .jsonata { map.items = jsonataField(o, "Items", at: loc) }
        if io.language == .jsonata, case .string(let text)? = o["MaxConcurrency"], JSONataExpression.isExpression(text) {
            map.maxConcurrencyExpression = text
        } else {
            map.maxConcurrency = integer(o, "MaxConcurrency", at: loc, minimum: 0) ?? 0
        }
        if o["MaxConcurrencyPath"] != nil {
            map.maxConcurrencyPath = path(o, "MaxConcurrencyPath", at: loc, kind: .path, nullable: false)
            if o["MaxConcurrency"] != nil { fail("Only one of 'MaxConcurrency' or 'MaxConcurrencyPath' can be present", at: loc) }
        }
        map.toleratedFailureCount = integer(o, "ToleratedFailureCount", at: loc, minimum: 0)
        if o["ToleratedFailureCountPath"] != nil {
            map.toleratedFailureCountPath = path(o, "ToleratedFailureCountPath", at: loc, kind: .path, nullable: false)
        }
        if let pct = double(o, "ToleratedFailurePercentage", at: loc) {
            if pct < 0 || pct > 100 { fail("ToleratedFailurePercentage must be between 0 and 100", at: loc + "/ToleratedFailurePercentage") }
            map.toleratedFailurePercentage = pct
        }
        if o["ToleratedFailurePercentagePath"] != nil {
            map.toleratedFailurePercentagePath = path(o, "ToleratedFailurePercentagePath", at: loc, kind: .path, nullable: false)
        }
        return .map(map)
    }

    /// What AWS finds wrong with a map run `Label`: empty, over 40 characters, or holding
    /// whitespace, brackets, wildcards, special characters or control characters.
    static func labelProblem(_ label: JSON) -> String? {
        guard let text = label.stringValue else { return "Label must be a string" }
        if text.isEmpty { return "Label cannot be empty" }
        if text.count > 40 { return "Label cannot exceed 40 characters" }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v <= 0x20 || (0x7F...0x9F).contains(v) || scalar.properties.isWhitespace
                || "<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars.contains(scalar) {
                return "Label contains invalid character: '\(scalar)'"
            }
        }
        return nil
    }
}
