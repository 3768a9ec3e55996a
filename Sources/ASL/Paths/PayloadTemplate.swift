import JSONValue
/// Payload templates: Parameters, ResultSelector, ItemSelector and Assign values.
enum PayloadTemplate {
    static func evaluate(_ template: JSON, in context: inout EvaluationContext) throws(StatesError) -> JSON {
        switch template {
        case .object(let object):
            var out = JSONObject()
            for (key, value) in object {
                if key.hasSuffix(".$"), case .string(let expression) = value {
                    out[String(key.dropLast(2))] = try evaluateExpression(expression, field: key, in: &context)
                } else {
                    out[key] = try evaluate(value, in: &context)
                }
            }
            return .object(out)
        case .array(let array):
            var out: [JSON] = []
            out.reserveCapacity(array.count)
            for element in array { out.append(try evaluate(element, in: &context)) }
            return .array(out)
        default:
            return template
        }
    }

    /// The value of one `key.$` entry: an intrinsic call or a path (`$`, `$$`, `$var`).
    static func evaluateExpression(_ expression: String, field: String, in context: inout EvaluationContext) throws(StatesError) -> JSON {
        if IntrinsicParser.looksLikeCall(expression) {
            let call: IntrinsicCall
            do { call = try IntrinsicParser.parse(expression) } catch {
                throw StatesError.runtime("The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call")
            }
            return try IntrinsicEvaluator.evaluate(call, field: field, in: &context)
        }
        let path: JSONPath
        do { path = try JSONPathParser.parse(expression) } catch {
            throw StatesError.runtime("The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call")
        }
        guard let value = DataFlow.evaluate(path, in: context.env) else {
            throw pathNotFound(expression, field: field, in: context.env)
        }
        return value
    }

    /// AWS's States.Runtime detail for a template path that matches nothing.
    static func pathNotFound(_ path: String, field: String?, in env: PathEnvironment) -> StatesError {
        let input = env.input.serialized()
        if let field {
            return StatesError.runtime("The JSONPath '\(path)' specified for the field '\(field)' could not be found in the input '\(input)'")
        }
        return StatesError.runtime("The JSONPath '\(path)' could not be found in the input '\(input)'")
    }

    /// Definition-time problems: each with its location relative to the template ("" for the top level).
    static func issues(_ template: JSON, at location: String = "") -> [DataFlow.TemplateIssue] {
        var out: [DataFlow.TemplateIssue] = []
        switch template {
        case .object(let object):
            var seen = Set<String>()
            for key in object.keys {
                let name = key.hasSuffix(".$") ? String(key.dropLast(2)) : key
                if !seen.insert(name).inserted {
                    out.append(DataFlow.TemplateIssue(
                        message: "The field '\(name)' is defined more than once (a key ending in '.$' is renamed without it)",
                        location: location))
                }
            }
            for (key, value) in object {
                let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                if key.hasSuffix(".$") {
                    guard case .string(let expression) = value, expressionIsValid(expression) else {
                        out.append(DataFlow.TemplateIssue(
                            message: "The value for the field '\(key)' must be a valid JSONPath or a valid intrinsic function call",
                            location: location))
                        continue
                    }
                } else {
                    out.append(contentsOf: issues(value, at: location + "/" + escaped))
                }
            }
        case .array(let array):
            for (i, element) in array.enumerated() { out.append(contentsOf: issues(element, at: location + "/\(i)")) }
        default:
            break
        }
        return out
    }

    static func expressionIsValid(_ expression: String) -> Bool {
        if IntrinsicParser.looksLikeCall(expression) { return (try? IntrinsicParser.parse(expression)) != nil }
        return (try? JSONPathParser.parse(expression)) != nil
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
