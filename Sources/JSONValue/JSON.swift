/// A JSON value as Amazon States Language sees it: numbers keep the text they were written
/// with (AWS keeps integers and decimals as written) and objects keep their key order.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// An integer value.
    public static func int(_ value: Int) -> JSON { .number(JSONNumber(value)) }
    /// A floating-point value.
    public static func double(_ value: Double) -> JSON { .number(JSONNumber(value)) }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { a } else { nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { n } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSON? { objectValue?[key] }
}
