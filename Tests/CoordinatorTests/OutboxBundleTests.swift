import AMQP
import ASL
@testable import Coordinator
import Foundation
import JSONValue
import Messages
import Store
import Testing

/// How the outbox relay packs a round of outbox rows into AMQP messages.
@Suite struct OutboxBundleTests {
    func invocation(_ key: String, function: String) -> OutboxMessage {
        let message = TaskInvocationMessage(key: key, executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:\(key)",
                                            stateName: "S", resource: "arn:aws:lambda:us-east-1:123456789012:function:\(function)",
                                            target: TaskTarget(kind: .function, name: function), input: .string(key)).encoded()
        let headers = JSON.object(JSONObject(message.headers.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        return OutboxMessage(executionArn: "arn:x", exchange: WireNames.exchange, routingKey: TaskTarget.queue(kind: .function, name: function),
                             body: message.body, headers: headers.serialized(), createdDate: Date())
    }

    func keys(_ message: AMQPOutgoingMessage) throws -> [String] {
        let wire = WireMessage(body: message.body, headers: message.properties.headers.compactMapValues {
            if case .string(let s) = $0 { return s } else { return nil }
        })
        if TaskInvocationBundle.isBundle(wire.headers) { return try TaskInvocationBundle.decode(wire).map(\.key) }
        return [try TaskInvocationMessage(decoding: wire).key]
    }

    @Test func invocationsOfOneFunctionTravelTogetherInOrder() throws {
        var activity = invocation("act", function: "x")
        activity.routingKey = TaskTarget.queue(kind: .activity, name: "resize")
        let signal = OutboxMessage(executionArn: "arn:x", exchange: WireNames.exchange, routingKey: "stepwise.shard.3",
                                   body: Array("{}".utf8), headers: #"{"stepwise-schema":"execution-signal"}"#, createdDate: Date())
        let rows = [invocation("a1", function: "a"), activity, invocation("b1", function: "b"), invocation("a2", function: "a"),
                    signal, invocation("a3", function: "a"), invocation("a4", function: "a"), invocation("a5", function: "a")]
        let messages = OutboxRelay.messages(rows, bundleSize: 3)
        // The activity invocation and the signal go alone and first, as they came; function queues
        // follow in the order they first appeared, in bundles of at most 3, a lone one unbundled.
        #expect(messages.map(\.routingKey) == [activity.routingKey, "stepwise.shard.3", "stepwise.fn.a", "stepwise.fn.a", "stepwise.fn.b"])
        #expect(messages[0].body == activity.body && messages[1].body == signal.body)
        #expect(try keys(messages[2]) == ["a1", "a2", "a3"])
        #expect(try keys(messages[3]) == ["a4", "a5"])
        #expect(try keys(messages[4]) == ["b1"])
        #expect(messages[4].body == rows[2].body)
        #expect(messages.allSatisfy { $0.properties.contentType == WireNames.contentType })
        // Bundle size 1 sends every row alone, as it came.
        #expect(OutboxRelay.messages(rows, bundleSize: 1).map(\.body) == rows.map(\.body))
    }
}
