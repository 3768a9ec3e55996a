/// Writes compact JSON text straight to bytes, for encoders on hot paths that would otherwise build
/// a ``JSON`` value only to serialize it. The caller keeps the structure valid: a member is a key
/// followed by one value; separators are added as needed.
public struct JSONWriter: ~Copyable {
    private var out: ByteWriter
    /// Whether the next key or array element needs a comma before it.
    private var separate = false

    public init(capacity: Int = 256) {
        out = ByteWriter(capacity: capacity)
    }

    private mutating func beforeValue() {
        if separate { out.write(UInt8(ascii: ",")) }
        separate = true
    }

    public mutating func beginObject() {
        beforeValue()
        out.write(UInt8(ascii: "{"))
        separate = false
    }

    public mutating func endObject() {
        out.write(UInt8(ascii: "}"))
        separate = true
    }

    public mutating func beginArray() {
        beforeValue()
        out.write(UInt8(ascii: "["))
        separate = false
    }

    public mutating func endArray() {
        out.write(UInt8(ascii: "]"))
        separate = true
    }

    /// A member's key; its value comes next.
    public mutating func key(named key: String) {
        beforeValue()
        JSONSerializer.writeString(key, to: &out)
        out.write(UInt8(ascii: ":"))
        separate = false
    }

    /// A member's key known at compile time, which needs no escaping (ASCII letters and digits).
    public mutating func key(_ key: StaticString) {
        beforeValue()
        out.write(UInt8(ascii: "\""))
        out.write(key)
        out.write("\":" as StaticString)
        separate = false
    }

    public mutating func string(_ value: String) {
        beforeValue()
        JSONSerializer.writeString(value, to: &out)
    }

    public mutating func int(_ value: Int) {
        beforeValue()
        out.write(String(value))
    }

    public mutating func bool(_ value: Bool) {
        beforeValue()
        out.write(value ? "true" as StaticString : "false")
    }

    public mutating func value(_ value: JSON) {
        beforeValue()
        JSONSerializer.write(value, to: &out)
    }

    /// A value given as JSON text already serialized.
    public mutating func raw(_ text: [UInt8]) {
        beforeValue()
        text.withUnsafeBufferPointer { out.write($0) }
    }

    /// A JSON value as a string holding its serialization (how AWS nests payloads in details).
    public mutating func textOf(_ value: JSON) {
        beforeValue()
        var inner = ByteWriter()
        JSONSerializer.write(value, to: &inner)
        inner.withBytes { JSONSerializer.writeString($0, to: &out) }
    }

    // Members, for brevity (keys known at compile time).
    public mutating func member(_ key: StaticString, _ value: String) { self.key(key); string(value) }
    public mutating func member(_ key: StaticString, _ value: Int) { self.key(key); int(value) }
    public mutating func member(_ key: StaticString, _ value: JSON) { self.key(key); self.value(value) }
    /// A member only when `value` is not nil.
    public mutating func member(_ key: StaticString, ifPresent value: String?) { if let value { member(key, value) } }
    public mutating func member(_ key: StaticString, ifPresent value: Int?) { if let value { member(key, value) } }

    public consuming func bytes() -> [UInt8] { out.bytes() }
    public consuming func string() -> String { out.string() }
}
