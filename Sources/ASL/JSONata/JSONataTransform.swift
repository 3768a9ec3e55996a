import JSONValue
/// The transform operator `| location | update [, delete] |`: a function that copies its argument,
/// merges `update` into every object `location` selects and removes the `delete` fields from it.
/// Objects are values here, so a selected object is recognised by equality with a location result.
extension JSONataEvaluator {
    func transform(_ location: JSONataNode, _ update: JSONataNode, _ delete: JSONataNode?, _ argument: Value?,
                   _ frame: JSONataFrame) throws(JSONataError) -> Value? {
        guard let argument else { return nil }
        guard let root = argument.toJSON() else { throw JSONataError.argumentMismatch(1, "transform") }
        let selected = try evaluate(location, .json(root), frame)
        let targets = (selected.map { $0.items ?? [$0] } ?? []).compactMap { $0.object }
        guard !targets.isEmpty else { return .json(root) }
        return .json(try rewrite(root, targets, update, delete, frame))
    }

    private func rewrite(_ value: JSON, _ targets: [JSONObject], _ update: JSONataNode, _ delete: JSONataNode?,
                         _ frame: JSONataFrame) throws(JSONataError) -> JSON {
        switch value {
        case .array(let items):
            var out: [JSON] = []
            for item in items { out.append(try rewrite(item, targets, update, delete, frame)) }
            return .array(out)
        case .object(let original):
            var object = JSONObject()
            for (k, v) in original { object[k] = try rewrite(v, targets, update, delete, frame) }
            guard targets.contains(original) else { return .object(object) }
            if let changes = try evaluate(update, .json(.object(original)), frame) {
                guard let fields = changes.object else {
                    throw JSONataError("T2011", "The insert/update clause of the transform expression must evaluate to an object: \(JSONataError.quote(changes))")
                }
                for (k, v) in fields { object[k] = v }
            }
            if let delete, let removed = try evaluate(delete, .json(.object(original)), frame) {
                for name in removed.items ?? [removed] {
                    guard let key = name.string else {
                        throw JSONataError("T2012", "The delete clause of the transform expression must evaluate to a string or array of strings: \(JSONataError.quote(removed))")
                    }
                    object[key] = nil
                }
            }
            return .object(object)
        default:
            return value
        }
    }
}
