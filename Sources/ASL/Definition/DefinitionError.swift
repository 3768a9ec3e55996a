/// A definition that AWS would reject with `InvalidDefinition`.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found, in definition order.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// The API error code AWS answers with.
    public var code: String { "InvalidDefinition" }

    /// AWS's `InvalidDefinition` message:
    /// `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ... at /States/Foo/Next'`.
    public var message: String {
        "Invalid State Machine Definition: '" + diagnostics.map(\.description).joined(separator: ", ") + "'"
    }

    public var description: String { message }
}
