import JSONValue
/// ResultPath: places a state's result into its input at a reference path.
///
/// When a step meets something that is not an object (or an index is out of range), AWS fails with
/// `States.ReferencePathConflict` and the cause `Unable to apply step "<step>" to input <input>`
/// (observed on AWS; the Developer Guide lists `States.ResultPathMatchFailure` for this case).
enum ResultPath {
    static func apply(_ pathText: String, to input: JSON, result: JSON) throws(StatesError) -> JSON {
        if pathText == "$" { return result }
        let path: JSONPath
        do { path = try JSONPathParser.parse(pathText) } catch {
            throw StatesError.runtime("Invalid ResultPath '\(pathText)': \(error.message)")
        }
        guard path.root == .input, path.isReferencePath else {
            throw StatesError.runtime("Invalid ResultPath '\(pathText)': it must be a reference path")
        }
        do {
            return try write(result, into: input, steps: path.steps[...])
        } catch {
            throw StatesError.referencePathConflict("Unable to apply step \"\(error.step)\" to input \(input.serialized())")
        }
    }

    /// The step that could not be applied.
    struct Conflict: Error {
        var step: String
    }

    /// Writes `value` at `steps` under `node`, creating missing objects on the way.
    static func write(_ value: JSON, into node: JSON, steps: ArraySlice<PathStep>) throws(Conflict) -> JSON {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch step.selector {
        case .name(let name):
            guard case .object(var object) = node else { throw Conflict(step: name) }
            let child = object[name] ?? .object(JSONObject())
            object[name] = try write(value, into: child, steps: rest)
            return .object(object)
        case .index(let index):
            guard case .array(var array) = node, index >= 0, index < array.count else { throw Conflict(step: String(index)) }
            array[index] = try write(value, into: array[index], steps: rest)
            return .array(array)
        default:
            throw Conflict(step: pathText(step))
        }
    }

    static func pathText(_ step: PathStep) -> String {
        JSONPath(text: "", root: .input, steps: [step]).canonical
    }
}
