import JSONValue
import Messages
import Testing

@Suite struct MessagesTests {
    private let invocation = TaskInvocationMessage(
        key: "arn:aws:states:us-east-1:1:execution:sm:run/5/1", taskToken: "tok",
        executionArn: "arn:aws:states:us-east-1:1:execution:sm:run", stateName: "Resize",
        resource: "arn:aws:states:::lambda:invoke", target: TaskTarget(kind: .function, name: "resize", qualifier: "prod"),
        input: try! JSON(parsing: #"{"w":1.50,"tags":["a",null,true],"n":{"x":12345678901234567890}}"#),
        timeoutSeconds: 30, heartbeatSeconds: 5, attempt: 1)

    @Test func resultBundlesCarryResultsInOrder() throws {
        let ok = TaskResultMessage(answering: invocation, outcome: .succeeded(output: invocation.input), worker: "w:1")
        var failed = TaskResultMessage(answering: invocation, outcome: .failed(error: "E", cause: nil), worker: "w:1")
        failed.key = "other-key"
        failed.executionArn = "arn:aws:states:us-east-1:1:execution:sm:other"
        let wire = TaskResultBundle.encoded([ok, failed])
        #expect(wire.headers[WireNames.schemaHeader] == "task-result-bundle")
        #expect(TaskResultBundle.isBundle(wire.headers) && !TaskResultBundle.isBundle(ok.encoded().headers))
        #expect(try TaskResultBundle.decode(wire) == [ok, failed])
        #expect(throws: MessageError.wrongSchema) { try TaskResultBundle.decode(ok.encoded()) }
        var empty = wire
        empty.body = Array(#"{"results": []}"#.utf8)
        #expect(throws: MessageError.malformedBody) { try TaskResultBundle.decode(empty) }
        var bad = wire
        bad.body = Array(#"{"results": [{"key": "k", "status": "done"}]}"#.utf8)
        #expect(throws: MessageError.malformedBody) { try TaskResultBundle.decode(bad) }
    }

    @Test func bundlesCarryInvocationsInOrder() throws {
        var second = invocation
        second.key = "other-key"
        second.input = .array([.int(1), .string("two")])
        let wire = TaskInvocationBundle.encoded(bodies: [invocation.encoded().body, second.encoded().body])
        #expect(wire.headers[WireNames.schemaHeader] == "task-invocation-bundle")
        #expect(TaskInvocationBundle.isBundle(wire.headers))
        #expect(!TaskInvocationBundle.isBundle(invocation.encoded().headers))
        #expect(try TaskInvocationBundle.decode(wire) == [invocation, second])
        // Not a bundle, an empty one, or a bad entry: each a clear error.
        #expect(throws: MessageError.wrongSchema) { try TaskInvocationBundle.decode(invocation.encoded()) }
        var empty = wire
        empty.body = Array(#"{"invocations": []}"#.utf8)
        #expect(throws: MessageError.malformedBody) { try TaskInvocationBundle.decode(empty) }
        var bad = wire
        bad.body = Array(#"{"invocations": [{"key": 1}]}"#.utf8)
        #expect(throws: MessageError.malformedBody) { try TaskInvocationBundle.decode(bad) }
    }

    @Test func invocationRoundTrips() throws {
        let wire = invocation.encoded()
        #expect(wire.headers[WireNames.schemaHeader] == "task-invocation")
        #expect(wire.headers[WireNames.versionHeader] == "1")
        #expect(wire.messageID == invocation.key)
        let decoded = try TaskInvocationMessage(decoding: wire)
        #expect(decoded == invocation)
        #expect(decoded.input.serialized() == invocation.input.serialized())  // numbers keep their text
        var bare = invocation
        bare.taskToken = nil; bare.timeoutSeconds = nil; bare.heartbeatSeconds = nil; bare.target.qualifier = nil
        #expect(try TaskInvocationMessage(decoding: bare.encoded()) == bare)
    }

    @Test func resultRoundTripsForEachOutcome() throws {
        let outcomes: [TaskResultMessage.Outcome] = [
            .succeeded(output: try JSON(parsing: #"{"ok":true}"#)), .succeeded(output: .null),
            .failed(error: "ImageTooLarge", cause: "12 MB"), .failed(error: "States.TaskFailed", cause: nil), .heartbeat,
        ]
        for outcome in outcomes {
            let result = TaskResultMessage(answering: invocation, outcome: outcome, worker: "host:1")
            let wire = result.encoded()
            #expect(wire.headers[WireNames.schemaHeader] == "task-result")
            #expect(wire.correlationID == invocation.key)
            let decoded = try TaskResultMessage(decoding: wire)
            #expect(decoded == result)
            #expect(decoded.key == invocation.key && decoded.taskToken == "tok")
        }
    }

    @Test func unknownVersionsAndSchemasAreErrors() {
        var wire = invocation.encoded()
        wire.headers[WireNames.versionHeader] = "2"
        #expect(throws: MessageError.unsupportedVersion) { try TaskInvocationMessage(decoding: wire) }
        wire.headers[WireNames.versionHeader] = "one"
        #expect(throws: MessageError.unsupportedVersion) { try TaskInvocationMessage(decoding: wire) }
        wire.headers[WireNames.versionHeader] = nil
        #expect(throws: MessageError.unsupportedVersion) { try TaskInvocationMessage(decoding: wire) }
        wire.headers = [:]
        #expect(throws: MessageError.missingSchema) { try TaskInvocationMessage(decoding: wire) }
        let result = TaskResultMessage(answering: invocation, outcome: .heartbeat, worker: "w").encoded()
        #expect(throws: MessageError.wrongSchema) { try TaskInvocationMessage(decoding: result) }
        #expect(throws: MessageError.wrongSchema) { try TaskResultMessage(decoding: invocation.encoded()) }
    }

    @Test func malformedBodiesAreErrors() throws {
        func body(_ text: String, schema: String = "task-invocation") -> WireMessage {
            WireMessage(body: Array(text.utf8), headers: [WireNames.schemaHeader: schema, WireNames.versionHeader: "1"])
        }
        #expect(throws: MessageError.malformedBody) { try TaskInvocationMessage(decoding: body("not json")) }
        #expect(throws: MessageError.malformedBody) { try TaskInvocationMessage(decoding: body("[1]")) }
        #expect(throws: MessageError.malformedBody) { try TaskInvocationMessage(decoding: body("{}")) }
        var o = try #require(JSON(parsing: invocation.encoded().body).objectValue)
        o["attempt"] = .string("1")
        #expect(throws: MessageError.malformedBody) { try TaskInvocationMessage(decoding: body(JSON.object(o).serialized())) }
        o["attempt"] = .int(1)
        o["target"] = .object(JSONObject([("kind", .string("lambda")), ("name", .string("x"))]))
        #expect(throws: MessageError.malformedBody) { try TaskInvocationMessage(decoding: body(JSON.object(o).serialized())) }
        let badStatus = #"{"key":"k","executionArn":"e","stateName":"s","status":"done","worker":"w"}"#
        #expect(throws: MessageError.malformedBody) { try TaskResultMessage(decoding: body(badStatus, schema: "task-result")) }
        do {
            _ = try TaskInvocationMessage(decoding: body("{}"))
        } catch {
            #expect(error.description.contains("'key'"))
        }
    }
}
