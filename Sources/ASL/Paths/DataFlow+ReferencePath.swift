public import JSONValue
extension DataFlow {
    /// Reads a reference path (ItemsPath is one in the ASL spec): each step must find an object member
    /// or an array element, else States.ReferencePathConflict with the text AWS reports for ItemsPath,
    /// `Unable to apply step "objects" to input {...}` (the whole input). A path that is not a reference
    /// path (wildcards, filters ...) is evaluated like `select`.
    public static func selectReference(_ path: String, in env: PathEnvironment) throws(StatesError) -> JSON {
        guard let parsed = try? JSONPathParser.parse(path), parsed.isReferencePath else {
            return try select(path, in: env)
        }
        guard let root = JSONPathEvaluator.rootValue(parsed.root, in: env) else {
            return try select(path, in: env)
        }
        var node = root
        for step in parsed.steps {
            switch step.selector {
            case .name(let name):
                guard case .object(let object) = node, let next = object[name] else {
                    throw StatesError.referencePathConflict("Unable to apply step \"\(name)\" to input \(root.serialized())")
                }
                node = next
            case .index(let index):
                guard case .array(let array) = node, index >= 0, index < array.count else {
                    throw StatesError.referencePathConflict("Unable to apply step \"\(index)\" to input \(root.serialized())")
                }
                node = array[index]
            default:
                return try select(path, in: env)
            }
        }
        return node
    }
}
