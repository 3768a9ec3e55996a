/// ResultPath: places a state's result into its input at a reference path.
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
        return try write(result, into: input, steps: path.steps[...])
    }

    /// Writes `value` at `steps` under `node`, creating missing objects on the way.
    static func write(_ value: JSON, into node: JSON, steps: ArraySlice<PathStep>) throws(StatesError) -> JSON {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch step.selector {
        case .name(let name):
            guard case .object(var object) = node else { throw mismatch(name, node) }
            let child = object[name] ?? .object(JSONObject())
            object[name] = try write(value, into: child, steps: rest)
            return .object(object)
        case .index(let index):
            guard case .array(var array) = node, index >= 0, index < array.count else { throw mismatch(String(index), node) }
            array[index] = try write(value, into: array[index], steps: rest)
            return .array(array)
        default:
            throw StatesError.runtime("Invalid ResultPath: it must be a reference path")
        }
    }

    static func mismatch(_ step: String, _ node: JSON) -> StatesError {
        StatesError.resultPathMatchFailure("Unable to apply step \"\(step)\" to input \(node.serialized())")
    }
}
