public import JSONValue
extension DataFlow {
    /// A definition-time problem in a payload template.
    public struct TemplateIssue: Sendable, Hashable {
        /// AWS's message, e.g. "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call".
        public var message: String
        /// JSON-pointer location of the object holding the bad key, relative to the template ("" = top level).
        public var location: String
    }

    /// ResultPath: writes `result` into `input` at `path` ("$" replaces); missing objects on the way are created.
    /// A step that meets a non-object throws States.ReferencePathConflict with AWS's text
    /// (`Unable to apply step "b" to input {"a":1}`).
    public static func applyResultPath(_ path: String, to input: JSON, result: JSON) throws(StatesError) -> JSON {
        try ResultPath.apply(path, to: input, result: result)
    }

    /// Payload templates (Parameters, ResultSelector, ItemSelector, Assign values): keys ending ".$" take a path,
    /// a "$$." context path, a "$var" variable or an intrinsic call; nested objects/arrays recurse; other values are copied.
    /// Errors (all States.Runtime, as AWS reports them): a path that matches nothing gives "The JSONPath '$.x' specified
    /// for the field 'k.$' could not be found in the input '<input>'"; a bad intrinsic argument gives
    /// "Invalid arguments in States.<Function>".
    public static func evaluateTemplate(_ template: JSON, in env: PathEnvironment) throws(StatesError) -> JSON {
        var context = EvaluationContext(env)
        return try PayloadTemplate.evaluate(template, in: &context)
    }

    /// Definition-time check of a template: AWS's messages for bad paths / bad intrinsic syntax / unknown functions.
    /// `templateIssues` gives each with its location inside the template.
    public static func validateTemplate(_ template: JSON) -> [String] {
        PayloadTemplate.issues(template).map(\.message)
    }

    /// Definition-time problems of a template with their JSON-pointer locations relative to the template.
    public static func templateIssues(_ template: JSON) -> [TemplateIssue] {
        PayloadTemplate.issues(template)
    }

    /// One intrinsic call, e.g. "States.Format('Hello {}', $.name)", nesting allowed (up to 10 deep).
    /// Failures are States.Runtime "Invalid arguments in States.<Function>" (as AWS reports them).
    public static func evaluateIntrinsic(_ expression: String, in env: PathEnvironment) throws(StatesError) -> JSON {
        let call: IntrinsicCall
        do { call = try IntrinsicParser.parse(expression) } catch {
            throw StatesError.runtime("Invalid intrinsic function call '\(expression)': \(error.message)")
        }
        var context = EvaluationContext(env)
        return try IntrinsicEvaluator.evaluate(call, field: nil, in: &context)
    }

    /// Definition-time check of one intrinsic call; nil when valid, else the reason.
    public static func validateIntrinsic(_ expression: String) -> String? {
        do { _ = try IntrinsicParser.parse(expression); return nil } catch { return error.message }
    }
}
