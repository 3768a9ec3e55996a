import JSONValue
/// Evaluates parsed intrinsic calls: resolves arguments, then dispatches to the function families.
enum IntrinsicEvaluator {
    /// Evaluates `call`; `field` (e.g. `value.$`) names the template key for path-not-found messages.
    static func evaluate(_ call: IntrinsicCall, field: String?, in context: inout EvaluationContext) throws(StatesError) -> JSON {
        var args: [JSON] = []
        args.reserveCapacity(call.arguments.count)
        for argument in call.arguments {
            switch argument {
            case .literal(let v): args.append(v)
            case .string(let value, _): args.append(.string(value))
            case .call(let nested): args.append(try evaluate(nested, field: field, in: &context))
            case .path(let path):
                guard let v = DataFlow.evaluate(path, in: context.env) else {
                    throw PayloadTemplate.pathNotFound(path.text, field: field, in: context.env)
                }
                args.append(v)
            }
        }
        let a = IntrinsicArguments(name: call.name, values: args)
        guard let arity = IntrinsicFunction.arity[call.name], arity.contains(args.count) else {
            throw a.fail("wrong number of arguments")
        }
        switch call.name {
        case "States.Format": return try GenericIntrinsics.format(call, a)
        case "States.StringToJson": return try JsonIntrinsics.stringToJson(a)
        case "States.JsonToString": return try JsonIntrinsics.jsonToString(a)
        case "States.JsonMerge": return try JsonIntrinsics.jsonMerge(a)
        case "States.Array": return .array(args)
        case "States.ArrayPartition": return try ArrayIntrinsics.partition(a)
        case "States.ArrayContains": return try ArrayIntrinsics.contains(a)
        case "States.ArrayRange": return try ArrayIntrinsics.range(a)
        case "States.ArrayGetItem": return try ArrayIntrinsics.getItem(a)
        case "States.ArrayLength": return try ArrayIntrinsics.length(a)
        case "States.ArrayUnique": return try ArrayIntrinsics.unique(a)
        case "States.Base64Encode": return try EncodingIntrinsics.base64Encode(a)
        case "States.Base64Decode": return try EncodingIntrinsics.base64Decode(a)
        case "States.Hash": return try HashIntrinsics.hash(a)
        case "States.MathRandom": return try MathIntrinsics.random(a, using: &context.random)
        case "States.MathAdd": return try MathIntrinsics.add(a)
        case "States.StringSplit": return try StringIntrinsics.split(a)
        case "States.UUID": return GenericIntrinsics.uuid(using: &context.random)
        default: throw StatesError.runtime("Invalid arguments in \(call.name)")
        }
    }
}

/// Resolved argument values of one call, with typed accessors that fail with States.IntrinsicFailure.
struct IntrinsicArguments {
    let name: String
    let values: [JSON]

    var count: Int { values.count }
    subscript(i: Int) -> JSON { values[i] }

    /// AWS reports every argument problem as States.Runtime with this generic text; `detail` is kept for
    /// debugging only and is not part of the cause.
    func fail(_ detail: String) -> StatesError { StatesError.runtime("Invalid arguments in \(name)") }

    static func typeName(_ v: JSON) -> String {
        switch v {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    func string(_ i: Int) throws(StatesError) -> String {
        guard case .string(let s) = values[i] else { throw wrongType(i, "string") }
        return s
    }

    func array(_ i: Int) throws(StatesError) -> [JSON] {
        guard case .array(let a) = values[i] else { throw wrongType(i, "array") }
        return a
    }

    func object(_ i: Int) throws(StatesError) -> JSONObject {
        guard case .object(let o) = values[i] else { throw wrongType(i, "object") }
        return o
    }

    func bool(_ i: Int) throws(StatesError) -> Bool {
        guard case .bool(let b) = values[i] else { throw wrongType(i, "boolean") }
        return b
    }

    func number(_ i: Int) throws(StatesError) -> JSONNumber {
        guard case .number(let n) = values[i] else { throw wrongType(i, "number") }
        return n
    }

    /// An integer argument: a number truncated toward zero (as AWS does for ArrayRange, ArrayPartition,
    /// ArrayGetItem and MathRandom), within the 32-bit range.
    func integer(_ i: Int) throws(StatesError) -> Int {
        guard case .number(let n) = values[i] else { throw wrongType(i, "integer") }
        let d = n.double
        guard d > Double(Int32.min) - 1, d < Double(Int32.max) + 1 else { throw wrongType(i, "integer") }
        return Int(d) // truncates toward zero
    }

    func wrongType(_ i: Int, _ expected: String) -> StatesError {
        fail("argument \(i + 1) must be of type \(expected), but was \(IntrinsicArguments.typeName(values[i]))")
    }
}
