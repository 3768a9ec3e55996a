import JSONValue

/// A message body with the few AMQP properties the contract uses, free of any transport type.
///
/// The transport side copies ``headers`` into AMQP headers (as strings), ``messageID`` and
/// ``correlationID`` into the matching properties, and sets the content type to
/// ``WireNames/contentType``. Reading, it does the reverse (integer headers as decimal text).
public struct WireMessage: Sendable, Hashable {
    /// The JSON body.
    public var body: [UInt8]
    /// AMQP headers; always ``WireNames/schemaHeader`` and ``WireNames/versionHeader``.
    public var headers: [String: String]
    /// The AMQP `message-id` property (the idempotency key).
    public var messageID: String?
    /// The AMQP `correlation-id` property (the idempotency key).
    public var correlationID: String?

    /// - Parameters:
    ///   - body: The JSON body.
    ///   - headers: AMQP headers as text.
    ///   - messageID: The `message-id` property.
    ///   - correlationID: The `correlation-id` property.
    public init(body: [UInt8], headers: [String: String], messageID: String? = nil, correlationID: String? = nil) {
        self.body = body
        self.headers = headers
        self.messageID = messageID
        self.correlationID = correlationID
    }

    /// Headers naming `schema` at `version`.
    static func schemaHeaders(_ schema: String, version: Int) -> [String: String] {
        [WireNames.schemaHeader: schema, WireNames.versionHeader: String(version)]
    }

    /// Checks the schema headers and parses the body as a JSON object.
    /// - Throws: ``MessageError`` for a missing or other schema, an unknown version or a bad body.
    func object(schema: String, supportedVersions: ClosedRange<Int>) throws(MessageError) -> JSONFields {
        guard let found = headers[WireNames.schemaHeader] else { throw .missingSchema(expected: schema) }
        guard found == schema else { throw .wrongSchema(found: found, expected: schema) }
        guard let text = headers[WireNames.versionHeader], let version = Int(text) else {
            throw .unsupportedVersion(headers[WireNames.versionHeader] ?? "none", schema: schema)
        }
        guard supportedVersions.contains(version) else { throw .unsupportedVersion(text, schema: schema) }
        let json: JSON
        do {
            json = try JSON(parsing: body)
        } catch {
            throw .malformedBody("\(schema) body is not JSON: \(error.description)")
        }
        guard let object = json.objectValue else { throw .malformedBody("\(schema) body is not a JSON object") }
        return JSONFields(object: object, schema: schema)
    }

    /// The entries of a bundle body `{"<key>": [...]}`: a non-empty array of JSON objects.
    /// - Throws: ``MessageError`` as ``object(schema:supportedVersions:)``, or for a bad array or entry.
    func bundleEntries(schema: String, supportedVersions: ClosedRange<Int>, key: String) throws(MessageError) -> [JSONObject] {
        let f = try object(schema: schema, supportedVersions: supportedVersions)
        guard case .array(let entries) = try f.json(key), !entries.isEmpty else {
            throw .malformedBody("\(schema) '\(key)' is not a non-empty array")
        }
        var objects: [JSONObject] = []
        objects.reserveCapacity(entries.count)
        for entry in entries {
            guard let object = entry.objectValue else { throw .malformedBody("\(schema) entry is not a JSON object") }
            objects.append(object)
        }
        return objects
    }
}
