/// Where a path starts: `$` (state input), `$$` (context object) or `$name` (a workflow variable).
enum PathRoot: Equatable, Sendable {
    case input
    case context
    case variable(String)
}

/// One bracket or dot selector of a path.
enum PathSelector: Sendable {
    case name(String)
    case names([String])
    case index(Int)
    case indexes([Int])
    case wildcard
    case slice(start: Int?, end: Int?, step: Int?)
    case filter(FilterExpression)
    /// `[(@.length-N)]`: the element N from the end.
    case lengthOffset(Int)
}

/// A selector applied to the current nodes, or with `..` to them and all their descendants.
struct PathStep: Sendable {
    var recursive: Bool
    var selector: PathSelector
}

/// A parsed ASL JSONPath such as `$.a.b[0]`, `$$.Execution.Id`, `$var.x` or `$.items[?(@.n > 1)]`.
struct JSONPath: Sendable {
    var text: String
    var root: PathRoot
    var steps: [PathStep]

    /// True when the path can match at most one node (only child names and indexes).
    var isDefinite: Bool {
        steps.allSatisfy { step in
            guard !step.recursive else { return false }
            switch step.selector {
            case .name, .index, .lengthOffset: return true
            default: return false
            }
        }
    }

    /// True when the path is a reference path (ResultPath): only child names and non-negative indexes.
    var isReferencePath: Bool {
        steps.allSatisfy { step in
            guard !step.recursive else { return false }
            switch step.selector {
            case .name: return true
            case .index(let i): return i >= 0
            default: return false
            }
        }
    }

    /// The bracket form Jayway JsonPath prints in messages, e.g. `$['a']['b'][0]`. A context path is
    /// evaluated as `$...` on the context object, so it prints with a single `$`.
    var canonical: String {
        var out: String
        switch root {
        case .input, .context: out = "$"
        case .variable(let name): out = "$" + name
        }
        for step in steps {
            if step.recursive { out += ".." }
            switch step.selector {
            case .name(let n): out += "['\(n)']"
            case .names(let ns): out += "[" + ns.map { "'\($0)'" }.joined(separator: ",") + "]"
            case .index(let i): out += "[\(i)]"
            case .indexes(let is_): out += "[" + is_.map(String.init).joined(separator: ",") + "]"
            case .wildcard: out += "[*]"
            case .slice(let a, let b, let c):
                out += "[" + (a.map(String.init) ?? "") + ":" + (b.map(String.init) ?? "")
                if let c { out += ":\(c)" }
                out += "]"
            case .filter: out += "[?]"
            case .lengthOffset(let n): out += "[(@.length-\(n))]"
            }
        }
        return out
    }
}

/// A path that could not be parsed, with a short reason.
struct PathSyntaxError: Error, Sendable {
    var message: String
}
