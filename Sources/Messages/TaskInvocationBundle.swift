import JSONValue

/// Several Task invocations for one function queue in one AMQP message, so that a busy coordinator
/// costs the broker one publish, one delivery and one ack for many invocations.
///
/// On the wire (schema `task-invocation-bundle`, version 1) the body is `{"invocations": [...]}`,
/// each entry the body of a `task-invocation` version 1 message. A worker runs every entry and
/// acks the message once every result is confirmed; a crash redelivers the whole bundle, and the
/// coordinator drops the results it already has by their keys. Only function queues get bundles:
/// activity tasks are also handed out one by one over HTTP (GetActivityTask).
public enum TaskInvocationBundle {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "task-invocation-bundle"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// Whether `headers` name this schema (any version).
    public static func isBundle(_ headers: [String: String]) -> Bool {
        headers[WireNames.schemaHeader] == schema
    }

    /// The bundle of invocation bodies already encoded as `task-invocation` version 1 (their bytes
    /// are copied, not parsed again).
    public static func encoded(bodies: [[UInt8]]) -> WireMessage {
        var body = Array(#"{"invocations":["#.utf8)
        body.reserveCapacity(bodies.reduce(body.count + 2) { $0 + $1.count + 1 })
        for (index, entry) in bodies.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: entry)
        }
        body.append(contentsOf: "]}".utf8)
        return WireMessage(body: body, headers: WireMessage.schemaHeaders(schema, version: version))
    }

    /// The invocations of a received bundle, in order.
    /// - Throws: ``MessageError`` for another schema, an unsupported version, or a bad body or entry.
    public static func decode(_ message: WireMessage) throws(MessageError) -> [TaskInvocationMessage] {
        var out: [TaskInvocationMessage] = []
        for object in try message.bundleEntries(schema: schema, supportedVersions: supportedVersions, key: "invocations") {
            out.append(try TaskInvocationMessage(fields: JSONFields(object: object, schema: TaskInvocationMessage.schema)))
        }
        return out
    }
}
