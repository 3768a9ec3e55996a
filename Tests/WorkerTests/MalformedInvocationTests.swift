import AMQP
import AMQPTesting
import JSONValue
import Messages
import MessagesAMQP
import Testing
import Worker

@Suite struct MalformedInvocationTests {
    /// Undecodable invocations (not JSON; a schema version from the future) are rejected without
    /// requeue, so they dead-letter, and the worker goes on with the next one.
    @Test func malformedInvocationsDeadLetterAndTheWorkerGoesOn() async throws {
        let fn = TestBroker.unique("malformed")
        let h = try await Harness(functions: [fn])
        let dead = try await Self.deadLetterQueue(h)
        var worker = Worker()
        worker.handle(fn) { input, _ in input }
        let queue = TaskTarget.queue(kind: .function, name: fn)
        let garbage = WireMessage(body: Array("not json".utf8),
                                  headers: [WireNames.schemaHeader: "task-invocation", WireNames.versionHeader: "1"])
        var future = h.invocation(fn).encoded()
        future.headers[WireNames.versionHeader] = "99"
        // A bundle with one bad entry is dead-lettered whole: nothing of it runs.
        var bad = h.invocation(fn).encoded()
        bad.body = Array(#"{"key": 1}"#.utf8)
        let badBundle = TaskInvocationBundle.encoded(bodies: [h.invocation(fn).encoded().body, bad.body])
        let good = h.invocation(fn, input: .string("still here"))
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(concurrency: 1), logger: TestBroker.logger)) {
            try await h.publisher.publish([
                AMQPOutgoingMessage(garbage, exchange: WireNames.exchange, routingKey: queue),
                AMQPOutgoingMessage(future, exchange: WireNames.exchange, routingKey: queue),
                AMQPOutgoingMessage(badBundle, exchange: WireNames.exchange, routingKey: queue),
                AMQPOutgoingMessage(good.encoded(), exchange: WireNames.exchange, routingKey: queue),
            ])
            return try await h.results(1)
        }
        #expect(results.map(\.key) == [good.key])
        #expect(results.first?.outcome == .succeeded(output: .string("still here")))
        let deadLettered = await collect(try await h.consumer.consume(queue: dead.name), count: 3, seconds: 30) { h.consumer.ack($0) }
        #expect(deadLettered.map(\.body) == [garbage.body, future.body, badBundle.body])
        await h.close()
    }

    /// A bundle whose one invocation cannot be answered (its reply exchange is unknown) is
    /// dead-lettered whole after the others are answered, so that no invocation is lost.
    @Test func aBundleWithAnUnanswerableInvocationIsDeadLetteredWhole() async throws {
        let fn = TestBroker.unique("unanswerable")
        let h = try await Harness(functions: [fn])
        let dead = try await Self.deadLetterQueue(h)
        var worker = Worker()
        worker.handle(fn) { input, _ in input }
        let good = h.invocation(fn, input: .string("answered"))
        var lost = h.invocation(fn)
        lost.replyTo = ReplyAddress(exchange: TestBroker.unique("no-such-exchange"), routingKey: "x")
        let bundle = TaskInvocationBundle.encoded(bodies: [good.encoded().body, lost.encoded().body])
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(),
                                                           logger: TestBroker.logger)) {
            try await h.publisher.publish(AMQPOutgoingMessage(bundle, exchange: WireNames.exchange,
                                                              routingKey: TaskTarget.queue(kind: .function, name: fn)))
            return try await h.results(1)
        }
        #expect(results.map(\.key) == [good.key])
        let deadLettered = await collect(try await h.consumer.consume(queue: dead.name), count: 1, seconds: 30) { h.consumer.ack($0) }
        #expect(deadLettered.map(\.body) == [bundle.body])
        await h.close()
    }

    /// A queue bound to the harness's dead-letter exchange.
    private static func deadLetterQueue(_ h: Harness) async throws -> AMQPTopology.Queue {
        let dead = AMQPTopology.Queue(TestBroker.unique("dead"), arguments: TestBroker.queueArguments)
        try await h.publisher.declare(AMQPTopology(
            exchanges: [.init(h.deadLetterExchange, kind: .fanout)], queues: [dead],
            bindings: [.init(queue: dead.name, exchange: h.deadLetterExchange, routingKey: "")]))
        return dead
    }
}
