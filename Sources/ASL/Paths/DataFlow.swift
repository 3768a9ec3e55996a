public import JSONValue
/// The data layer of the interpreter: paths, payload templates, ResultPath and intrinsic functions.
public enum DataFlow {
    /// Definition-time check of a path ("$", "$.a.b", "$$.Execution.Id", "$var.x", "$['a b'][0]"...).
    /// nil when valid, else AWS's message detail.
    public static func validatePath(_ path: String, kind: PathKind) -> String? {
        let parsed: JSONPath
        do { parsed = try JSONPathParser.parse(path) } catch {
            return kind == .referencePath ? "The value for the field must be a valid Reference Path" : "The value for the field must be a valid JSONPath"
        }
        if kind == .referencePath {
            if parsed.root != .input || !parsed.isReferencePath {
                return "The value for the field must be a valid Reference Path"
            }
        }
        return nil
    }

    /// Evaluates a path; nil when it matches nothing. A path with wildcards/filters/slices/".."
    /// returns an array of matches (possibly empty), as AWS does.
    public static func query(_ path: String, in env: PathEnvironment) -> JSON? {
        guard let parsed = try? JSONPathParser.parse(path) else { return nil }
        return evaluate(parsed, in: env)
    }

    static func evaluate(_ path: JSONPath, in env: PathEnvironment) -> JSON? {
        guard let root = JSONPathEvaluator.rootValue(path.root, in: env) else {
            return path.isDefinite ? nil : .array([])
        }
        if path.isDefinite { return JSONPathEvaluator.definite(path.steps, from: root) }
        return .array(JSONPathEvaluator.select(path.steps[...], from: root, scope: QueryScope(env: env)))
    }

    /// InputPath/OutputPath/ItemsPath semantics: selects or throws States.Runtime with AWS's detail
    /// text ("Invalid path '$.x' : No results for path: $['x']").
    public static func select(_ path: String, in env: PathEnvironment) throws(StatesError) -> JSON {
        let parsed: JSONPath
        do { parsed = try JSONPathParser.parse(path) } catch {
            throw StatesError.runtime("Invalid path '\(path)' : \(error.message)")
        }
        guard let value = evaluate(parsed, in: env) else {
            throw StatesError.runtime("Invalid path '\(path)' : No results for path: \(parsed.canonical)")
        }
        return value
    }
}
