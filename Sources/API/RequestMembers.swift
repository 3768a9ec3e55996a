import ASL
import JSONValue

/// The members of a request body, read with AWS's validation messages.
struct RequestMembers {
    let object: JSONObject

    init(_ body: [UInt8]) throws(APIError) {
        if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            object = JSONObject()
            return
        }
        guard let json = try? JSON(parsing: body) else {
            throw APIError("SerializationException", "Start of structure or map found where not expected.")
        }
        guard let o = json.objectValue else {
            throw APIError("SerializationException", "Start of structure or map found where not expected.")
        }
        object = o
    }

    /// A required string member.
    func string(_ key: String) throws(APIError) -> String {
        guard let value = object[key], !value.isNull else {
            throw .validation("1 validation error detected: Value null at '\(key)' failed to satisfy constraint: Member must not be null")
        }
        guard let s = value.stringValue else { throw APIError("SerializationException", "STRING_VALUE can not be converted to \(key)") }
        return s
    }

    func optionalString(_ key: String) throws(APIError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw APIError("SerializationException", "Expected a string for '\(key)'") }
        return s
    }

    func optionalInt(_ key: String) throws(APIError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.numberValue?.int else { throw APIError("SerializationException", "Expected an integer for '\(key)'") }
        return n
    }

    func bool(_ key: String, default fallback: Bool) throws(APIError) -> Bool {
        guard let value = object[key], !value.isNull else { return fallback }
        guard let b = value.boolValue else { throw APIError("SerializationException", "Expected a boolean for '\(key)'") }
        return b
    }

    /// A string member's length must be within `range` (AWS's "Member must have length ..." messages).
    func checkLength(_ key: String, _ value: String?, _ range: ClosedRange<Int>) throws(APIError) {
        guard let value else { return }
        let n = value.count
        if n < range.lowerBound {
            throw .validation("1 validation error detected: Value '\(value)' at '\(key)' failed to satisfy constraint: Member must have length greater than or equal to \(range.lowerBound)")
        }
        if n > range.upperBound {
            throw .validation("1 validation error detected: Value at '\(key)' failed to satisfy constraint: Member must have length less than or equal to \(range.upperBound)")
        }
    }

    /// `maxResults` (0 or absent: the default 100; 1...1000 allowed).
    func maxResults() throws(APIError) -> Int {
        guard let n = try optionalInt("maxResults") else { return 100 }
        if n == 0 { return 100 }
        guard (1...1000).contains(n) else {
            throw .validation("1 validation error detected: Value '\(n)' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")
        }
        return n
    }
}
