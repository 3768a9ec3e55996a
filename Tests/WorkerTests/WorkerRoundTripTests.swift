import AMQP
import AMQPTesting
import JSONValue
import Messages
import MessagesAMQP
import Testing
@testable import Worker

struct ImageTooLarge: Error, CustomStringConvertible {
    var description: String { "the image is 12 MB" }
}

@Suite struct WorkerRoundTripTests {
    @Test func echoRepliesWithKeyAndOutput() async throws {
        let fn = TestBroker.unique("echo")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, context in
            .object(JSONObject([("echo", input), ("key", .string(context.key)), ("state", .string(context.stateName))]))
        }
        let sent = (0..<3).map { h.invocation(fn, input: .object(JSONObject([("n", .int($0))]))) }
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send(sent)
            return try await h.results(3)
        }
        #expect(results.count == 3)
        for invocation in sent {
            let r = try #require(results.first { $0.key == invocation.key })
            #expect(r.taskToken == invocation.taskToken)
            #expect(r.executionArn == invocation.executionArn && r.stateName == invocation.stateName)
            #expect(r.worker == "test-worker")
            let expected = JSON.object(JSONObject([("echo", invocation.input), ("key", .string(invocation.key)),
                                                   ("state", .string(invocation.stateName))]))
            #expect(r.outcome == .succeeded(output: expected))
        }
        await h.close()
    }

    @Test func aBundleIsRunWholeAndEachInvocationAnswered() async throws {
        let fn = TestBroker.unique("bundle")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, context in
            if input["fail"] == .bool(true) { throw TaskFailure(error: "Asked", cause: context.key) }
            return input
        }
        let sent = (0..<5).map { h.invocation(fn, input: .object(JSONObject([("n", .int($0)), ("fail", .bool($0 == 3))]))) }
        let bundle = TaskInvocationBundle.encoded(bodies: sent.map { $0.encoded().body })
        // Concurrency 2 is below the bundle's 5: the bundle still runs (alone), whole.
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(concurrency: 2),
                                                           logger: TestBroker.logger)) {
            try await h.publisher.publish(AMQPOutgoingMessage(bundle, exchange: WireNames.exchange,
                                                              routingKey: TaskTarget.queue(kind: .function, name: fn)))
            return try await h.results(5)
        }
        #expect(Set(results.map(\.key)) == Set(sent.map(\.key)))
        for (n, invocation) in sent.enumerated() {
            let outcome = results.first { $0.key == invocation.key }?.outcome
            #expect(outcome == (n == 3 ? .failed(error: "Asked", cause: invocation.key) : .succeeded(output: invocation.input)))
        }
        // The bundle was acked: nothing is left on the queue once the worker is gone.
        let left = await collect(try await h.consumer.consume(queue: TaskTarget.queue(kind: .function, name: fn)), count: 1,
                                 seconds: 1) { h.consumer.ack($0) }
        #expect(left.isEmpty)
        await h.close()
    }

    /// Results of one bundle for coordinators' shard queues travel together: fewer messages than
    /// results, every result there once.
    @Test func aBundlesResultsForShardQueuesTravelTogether() async throws {
        let fn = TestBroker.unique("rbundle")
        let h = try await Harness(functions: [fn], replyQueuePrefix: WireNames.shardQueuePrefix)
        var worker = Worker()
        worker.handle(fn) { input, _ in input }
        let sent = (0..<8).map { h.invocation(fn, input: .int($0)) }
        let bundle = TaskInvocationBundle.encoded(bodies: sent.map { $0.encoded().body })
        let deliveries = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(concurrency: 8),
                                                              logger: TestBroker.logger)) {
            try await h.publisher.publish(AMQPOutgoingMessage(bundle, exchange: WireNames.exchange,
                                                              routingKey: TaskTarget.queue(kind: .function, name: fn)))
            var got: [AMQPDelivery] = []
            var results = 0
            while results < sent.count {
                guard let next = await collect(h.replies, count: 1, seconds: 20, onEach: { h.consumer.ack($0) }).first else { break }
                got.append(next)
                let wire = WireMessage(next)
                results += TaskResultBundle.isBundle(wire.headers) ? try TaskResultBundle.decode(wire).count : 1
            }
            return got
        }
        var results: [TaskResultMessage] = []
        for delivery in deliveries {
            let wire = WireMessage(delivery)
            results += TaskResultBundle.isBundle(wire.headers) ? try TaskResultBundle.decode(wire) : [try TaskResultMessage(decoding: wire)]
        }
        #expect(results.map(\.key).sorted() == sent.map(\.key).sorted())
        for invocation in sent { #expect(results.first { $0.key == invocation.key }?.outcome == .succeeded(output: invocation.input)) }
        #expect(deliveries.count < sent.count, "\(deliveries.count) messages for \(sent.count) results")
        await h.close()
    }

    /// Which results go in a bundle: only those for shard queues, grouped by exchange, each group
    /// to its first result's address; a lone one stays a plain result.
    @Test func onlyShardQueueResultsAreBundled() throws {
        func result(_ key: String) -> TaskResultMessage {
            TaskResultMessage(key: key, executionArn: "arn:aws:states:us-east-1:1:execution:sm:\(key)", stateName: "S",
                              outcome: .succeeded(output: .string(key)), worker: "w")
        }
        let shard1 = ReplyAddress(exchange: WireNames.exchange, routingKey: "stepwise.shard.1")
        let shard2 = ReplyAddress(exchange: WireNames.exchange, routingKey: "stepwise.shard.2")
        let other = ReplyAddress(exchange: "", routingKey: "my-results")
        let lone = ReplyAddress(exchange: "", routingKey: "stepwise.shard.3")
        let groups = ResultBatcher.messages([(result("a"), shard1), (result("b"), other), (result("c"), shard2), (result("d"), lone)])
        #expect(groups.map(\.entries) == [[1], [0, 2], [3]])
        let messages = groups.map(\.message)
        #expect(messages.map(\.routingKey) == ["my-results", "stepwise.shard.1", "stepwise.shard.3"])
        func keys(_ m: AMQPOutgoingMessage) throws -> [String] {
            let wire = WireMessage(body: m.body, headers: m.properties.headers.compactMapValues { if case .string(let s) = $0 { s } else { nil } })
            return TaskResultBundle.isBundle(wire.headers) ? try TaskResultBundle.decode(wire).map(\.key) : [try TaskResultMessage(decoding: wire).key]
        }
        #expect(try messages.map(keys) == [["b"], ["a", "c"], ["d"]])
        #expect(messages.map(\.exchange) == ["", WireNames.exchange, ""])
    }

    @Test func typedUntypedAndMissingHandlerFailures() async throws {
        let fn = TestBroker.unique("fails")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, _ in
            if input["typed"] == .bool(true) { throw TaskFailure(error: "MyError", cause: "bad input") }
            throw ImageTooLarge()
        }
        let typed = h.invocation(fn, input: .object(JSONObject([("typed", .bool(true))])))
        let untyped = h.invocation(fn)
        var missing = h.invocation(fn)
        missing.target.name = "nobody-serves-this"  // on a served queue, naming another function
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send([typed, untyped])
            try await h.publisher.publish(AMQPOutgoingMessage(missing.encoded(), exchange: WireNames.exchange,
                                                              routingKey: TaskTarget.queue(kind: .function, name: fn)))
            return try await h.results(3)
        }
        #expect(results.first { $0.key == typed.key }?.outcome == .failed(error: "MyError", cause: "bad input"))
        #expect(results.first { $0.key == untyped.key }?.outcome == .failed(error: "ImageTooLarge", cause: "the image is 12 MB"))
        let notFound = try #require(results.first { $0.key == missing.key })
        guard case .failed(let error, let cause) = notFound.outcome else {
            Issue.record("expected a failure, got \(notFound.outcome)")
            return
        }
        #expect(error == WorkerErrors.handlerNotFound)
        #expect(cause?.contains("nobody-serves-this") == true)
        await h.close()
    }

    @Test func stockHandlersEchoFailSleepCpu() async throws {
        // The stock handlers on a test-named worker: register them, then serve them under unique names.
        var stock = Worker()
        StockHandlers.register(on: &stock)
        let suffix = TestBroker.unique("stock")
        var worker = Worker()
        for name in StockHandlers.names {
            let handler = try #require(stock.handler(for: TaskTarget(kind: .function, name: name)))
            worker.handle("\(name)-\(suffix)", kinds: [.function], handler)
        }
        let h = try await Harness(functions: StockHandlers.names.map { "\($0)-\(suffix)" })
        let input = JSON.object(JSONObject([("ms", .int(50)), ("error", .string("Boom")), ("cause", .string("asked to"))]))
        let sent = StockHandlers.names.map { h.invocation("\($0)-\(suffix)", input: input) }
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send(sent)
            return try await h.results(4)
        }
        let byName = Dictionary(uniqueKeysWithValues: zip(StockHandlers.names, sent.map(\.key)))
        func outcome(_ name: String) -> TaskResultMessage.Outcome? { results.first { $0.key == byName[name] }?.outcome }
        #expect(outcome("echo") == .succeeded(output: input))
        #expect(outcome("sleep") == .succeeded(output: input))
        #expect(outcome("cpu") == .succeeded(output: input))
        #expect(outcome("fail") == .failed(error: "Boom", cause: "asked to"))
        await h.close()
    }

    @Test func heartbeatsArriveBeforeTheResult() async throws {
        let fn = TestBroker.unique("beats")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, context in
            try await context.heartbeat()
            try await Task.sleep(for: .milliseconds(50))
            try await context.heartbeat()
            return input
        }
        let invocation = h.invocation(fn, heartbeatSeconds: 1)
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send([invocation])
            return try await h.results(3)
        }
        #expect(results.map(\.outcome) == [.heartbeat, .heartbeat, .succeeded(output: invocation.input)])
        #expect(results.allSatisfy { $0.key == invocation.key && $0.taskToken == invocation.taskToken })
        await h.close()
    }

    @Test func codableHandler() async throws {
        struct Size: Codable, Sendable { var w: Int; var h: Int }
        struct Area: Codable, Sendable { var area: Int }
        let fn = TestBroker.unique("codable")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn, input: Size.self) { size, _ in Area(area: size.w * size.h) }
        let good = h.invocation(fn, input: try JSON(parsing: #"{"w":3,"h":4}"#))
        let bad = h.invocation(fn, input: try JSON(parsing: #"{"w":"x"}"#))
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send([good, bad])
            return try await h.results(2)
        }
        #expect(results.first { $0.key == good.key }?.outcome == .succeeded(output: try JSON(parsing: #"{"area":12}"#)))
        guard case .failed(let error, _)? = results.first(where: { $0.key == bad.key })?.outcome else {
            Issue.record("expected a failure for bad input")
            return
        }
        #expect(error == WorkerErrors.invalidInput)
        await h.close()
    }

    @Test func handlerPastTimeoutSecondsIsCancelledAndTimesOut() async throws {
        let fn = TestBroker.unique("timeout")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, _ in
            try await Task.sleep(for: .seconds(60))
            return input
        }
        let invocation = h.invocation(fn, timeoutSeconds: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.send([invocation])
            return try await h.results(1, seconds: 25)
        }
        // The handler would sleep 60 s: ending well before shows it was cancelled at its timeout.
        #expect(clock.now - start < .seconds(30))
        guard case .failed(let error, _)? = results.first?.outcome else {
            Issue.record("expected States.Timeout, got \(results)")
            return
        }
        #expect(error == WorkerErrors.timeout)
        await h.close()
    }

    /// A publisher that writes the version header as an AMQP integer (not text) is understood too.
    @Test func integerVersionHeaderIsAccepted() async throws {
        let fn = TestBroker.unique("intheader")
        let h = try await Harness(functions: [fn])
        var worker = Worker()
        worker.handle(fn) { input, _ in input }
        let invocation = h.invocation(fn, input: .string("hi"))
        var message = AMQPOutgoingMessage(invocation.encoded(), exchange: WireNames.exchange, routingKey: invocation.target.queue)
        message.properties.headers[WireNames.versionHeader] = .int(1)
        let results = try await whileRunning(WorkerService(worker: worker, url: h.url, configuration: h.configuration(), logger: TestBroker.logger)) {
            try await h.publisher.publish(message)
            return try await h.results(1, seconds: 30)
        }
        #expect(results.map(\.outcome) == [.succeeded(output: .string("hi"))])
        await h.close()
    }
}
