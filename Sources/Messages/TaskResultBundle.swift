import JSONValue

/// Several task results in one AMQP message: a worker that ran a ``TaskInvocationBundle`` answers
/// the invocations that finished together with one publish, one delivery and one ack.
///
/// On the wire (schema `task-result-bundle`, version 1) the body is `{"results": [...]}`, each
/// entry the body of a `task-result` version 1 message. Its results may belong to executions of
/// several shards: it goes to the shard queue of its first result, and the coordinator that
/// receives it hands each result to the processor of its own shard, or publishes it on to that
/// shard's queue when another coordinator owns the shard. The message is acked once every result
/// is committed or passed on, and requeued whole otherwise (results already applied are then
/// dropped by their keys). Only results whose reply address is a shard queue travel in bundles.
public enum TaskResultBundle {
    /// The schema name in ``WireNames/schemaHeader``.
    public static let schema = "task-result-bundle"
    /// The version this build writes.
    public static let version = 1
    /// The versions this build reads.
    public static let supportedVersions = 1...1

    /// Whether `headers` name this schema (any version).
    public static func isBundle(_ headers: [String: String]) -> Bool {
        headers[WireNames.schemaHeader] == schema
    }

    /// The bundle message of `results` (at least one).
    public static func encoded(_ results: [TaskResultMessage]) -> WireMessage {
        var o = JSONWriter(capacity: 256 * results.count)
        o.beginObject()
        o.key("results")
        o.beginArray()
        for result in results { result.write(to: &o) }
        o.endArray()
        o.endObject()
        return WireMessage(body: o.bytes(), headers: WireMessage.schemaHeaders(schema, version: version))
    }

    /// The results of a received bundle, in order.
    /// - Throws: ``MessageError`` for another schema, an unsupported version, or a bad body or entry.
    public static func decode(_ message: WireMessage) throws(MessageError) -> [TaskResultMessage] {
        var out: [TaskResultMessage] = []
        for object in try message.bundleEntries(schema: schema, supportedVersions: supportedVersions, key: "results") {
            out.append(try TaskResultMessage(fields: JSONFields(object: object, schema: TaskResultMessage.schema)))
        }
        return out
    }
}
