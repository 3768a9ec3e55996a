import JSONValue

/// Reads typed fields of a decoded body; a missing or mistyped field is ``MessageError/malformedBody(_:)``.
struct JSONFields {
    let object: JSONObject
    let schema: String
    /// The member of `schema` these fields are (named in errors only, so it is not joined until then).
    var member: String? = nil

    private var name: String { member.map { "\(schema).\($0)" } ?? schema }

    func string(_ key: String) throws(MessageError) -> String {
        guard let value = object[key] else { throw missing(key) }
        guard let s = value.stringValue else { throw mistyped(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(MessageError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw mistyped(key, "a string") }
        return s
    }

    func int(_ key: String) throws(MessageError) -> Int {
        guard let value = object[key] else { throw missing(key) }
        guard let n = value.numberValue?.int else { throw mistyped(key, "an integer") }
        return n
    }

    func optionalInt(_ key: String) throws(MessageError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.numberValue?.int else { throw mistyped(key, "an integer") }
        return n
    }

    func json(_ key: String) throws(MessageError) -> JSON {
        guard let value = object[key] else { throw missing(key) }
        return value
    }

    func fields(_ key: String) throws(MessageError) -> JSONFields {
        guard let value = object[key] else { throw missing(key) }
        guard let o = value.objectValue else { throw mistyped(key, "an object") }
        return JSONFields(object: o, schema: name, member: key)
    }

    func optionalFields(_ key: String) throws(MessageError) -> JSONFields? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let o = value.objectValue else { throw mistyped(key, "an object") }
        return JSONFields(object: o, schema: name, member: key)
    }

    func optionalInt64(_ key: String) throws(MessageError) -> Int64? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.numberValue?.int else { throw mistyped(key, "an integer") }
        return Int64(n)
    }

    private func missing(_ key: String) -> MessageError {
        .malformedBody("\(name) body has no '\(key)'")
    }

    private func mistyped(_ key: String, _ type: String) -> MessageError {
        .malformedBody("\(name) field '\(key)' must be \(type)")
    }
}

extension JSONObject {
    /// Sets `key` to `value` when it is not nil.
    mutating func set(_ key: String, _ value: String?) {
        if let value { self[key] = .string(value) }
    }

    mutating func set(_ key: String, _ value: Int?) {
        if let value { self[key] = .int(value) }
    }
}
