public import JSONValue
/// A parsed and validated Amazon States Language definition.
public struct StateMachineDefinition: Sendable {
    /// The top-level `Comment`.
    public var comment: String?
    /// The top-level states.
    public var graph: StateGraph
    /// `TimeoutSeconds` for the whole execution.
    public var timeoutSeconds: Int?
    /// `Version` (AWS accepts "1.0").
    public var version: String?
    /// `QueryLanguage`, JSONPath when absent.
    public var queryLanguage: QueryLanguage

    /// Parses definition text as the CreateStateMachine API receives it.
    /// - Parameters:
    ///   - text: the definition.
    ///   - type: STANDARD or EXPRESS (Express machines refuse `.sync` and `.waitForTaskToken`).
    /// - Throws: `DefinitionError` with AWS's diagnostics.
    public init(parsing text: String, type: StateMachineType = .standard) throws(DefinitionError) {
        let json: JSON
        do {
            json = try JSON(parsing: text)
        } catch {
            throw DefinitionError([Diagnostic(code: Diagnostic.Code.invalidJSONDescription,
                                              message: "Invalid JSON in definition", location: "/")])
        }
        try self.init(json: json, type: type)
    }

    /// Validates and builds a definition from its JSON value.
    /// - Throws: `DefinitionError` with every diagnostic found.
    public init(json: JSON, type: StateMachineType = .standard) throws(DefinitionError) {
        var parser = DefinitionParser()
        parser.isExpress = type == .express
        guard let definition = parser.parseDefinition(json), parser.diagnostics.isEmpty else {
            throw DefinitionError(parser.diagnostics)
        }
        self = definition
    }

    init(comment: String?, graph: StateGraph, timeoutSeconds: Int?, version: String?, queryLanguage: QueryLanguage) {
        self.comment = comment
        self.graph = graph
        self.timeoutSeconds = timeoutSeconds
        self.version = version
        self.queryLanguage = queryLanguage
    }

    /// ValidateStateMachineDefinition: the diagnostics for `text` (empty when valid).
    public static func validate(_ text: String, type: StateMachineType = .standard) -> [Diagnostic] {
        do {
            _ = try StateMachineDefinition(parsing: text, type: type)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

/// The state machine type given to CreateStateMachine.
public enum StateMachineType: String, Sendable, Hashable {
    case standard = "STANDARD", express = "EXPRESS"
}
