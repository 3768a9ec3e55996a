/// Writes one history event's details, `{"<key>":{…}}`, as JSON text without building JSON values.
struct DetailsWriter: ~Copyable {
    private var out = ByteWriter(capacity: 512)
    private var first = true

    /// Starts the outer object and its one member, the details object named `key`.
    mutating func open(_ key: String) {
        out.write(UInt8(ascii: "{"))
        JSONSerializer.writeString(key, to: &out)
        out.write(UInt8(ascii: ":"))
        begin()
    }

    /// The separator and `"key":` of the next member.
    mutating func key(_ key: String) {
        if !first { out.write(UInt8(ascii: ",")) }
        first = false
        JSONSerializer.writeString(key, to: &out)
        out.write(UInt8(ascii: ":"))
    }

    /// Starts a nested object (after ``key(_:)``).
    mutating func begin() {
        out.write(UInt8(ascii: "{"))
        first = true
    }

    /// Ends a nested object.
    mutating func end() {
        out.write(UInt8(ascii: "}"))
        first = false
    }

    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        JSONSerializer.writeString(value, to: &out)
    }

    mutating func int(_ key: String, _ value: Int) {
        self.key(key)
        out.write(String(value))
    }

    /// A JSON value as a string member holding its text: `text` when given, else its serialization.
    mutating func text(_ key: String, _ value: JSON, _ text: String?) {
        if let text { return string(key, text) }
        self.key(key)
        var inner = ByteWriter()
        JSONSerializer.write(value, to: &inner)
        inner.withBytes { JSONSerializer.writeString($0, to: &out) }
    }

    /// `"key":{"truncated":false}`, AWS's `…Details` companion of a payload.
    mutating func truncated(_ key: String) {
        self.key(key)
        out.write(#"{"truncated":false}"# as StaticString)
    }

    /// Closes the details and the outer object and returns the text.
    consuming func finish() -> String {
        out.write("}}" as StaticString)
        return out.string()
    }
}
