import AMQP
import AMQPTesting
import JSONValue
import Messages
import MessagesAMQP
import ServiceLifecycle
import Testing
import Worker

/// Waits for the service group (the only task in `tasks`) to return, failing after `seconds`.
private func stops(_ tasks: inout ThrowingTaskGroup<Void, any Error>, seconds: Double = 15) async throws {
    tasks.addTask {
        try await Task.sleep(for: .seconds(seconds))
        throw TestFailure("the worker did not stop within \(seconds) s of graceful shutdown")
    }
    try await tasks.next()
    tasks.cancelAll()
}

@Suite struct ShutdownTests {
    /// Graceful shutdown with two invocations in hand and four waiting: the two finish and reply,
    /// the four stay in the queue for another worker.
    @Test func gracefulShutdownFinishesInHandWorkAndTakesNoNewWork() async throws {
        let fn = TestBroker.unique("drain")
        let h = try await Harness(functions: [fn])
        let gauge = Gauge()
        var worker = Worker()
        worker.handle(fn) { input, _ in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .milliseconds(800))
            return input
        }
        let service = WorkerService(worker: worker, url: h.url, configuration: h.configuration(concurrency: 2), logger: TestBroker.logger)
        let group = ServiceGroup(services: [service], logger: TestBroker.logger)
        let sent = (0..<6).map { h.invocation(fn, input: .int($0)) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await h.send(sent)
            try await gauge.wait { $0.started >= 2 }
            await group.triggerGracefulShutdown()
            try await stops(&tasks)
        }
        let results = try await h.results(6, seconds: 2)
        #expect(results.count == 2)
        #expect(results.allSatisfy { if case .succeeded = $0.outcome { true } else { false } })
        #expect(gauge.started == 2)
        let queue = TaskTarget.queue(kind: .function, name: fn)
        let left = await collect(try await h.consumer.consume(queue: queue), count: 4, seconds: 30) { h.consumer.ack($0) }
        let leftKeys = try Set(left.map { try TaskInvocationMessage(decoding: WireMessage($0)).key })
        #expect(leftKeys == Set(sent.map(\.key)).subtracting(results.map(\.key)))
        await h.close()
    }

    /// A handler still running at the shutdown deadline is cancelled, publishes nothing, and its
    /// invocation goes back to the queue.
    @Test func unfinishedWorkIsRequeuedAtTheDeadline() async throws {
        let fn = TestBroker.unique("deadline")
        let h = try await Harness(functions: [fn])
        let gauge = Gauge()
        var worker = Worker()
        worker.handle(fn) { input, _ in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .seconds(60))
            return input
        }
        let config = h.configuration(concurrency: 1, shutdownTimeout: .milliseconds(300))
        let group = ServiceGroup(services: [WorkerService(worker: worker, url: h.url, configuration: config, logger: TestBroker.logger)],
                                 logger: TestBroker.logger)
        let invocation = h.invocation(fn)
        let clock = ContinuousClock()
        let elapsed = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await h.send([invocation])
            try await gauge.wait { $0.started == 1 }
            let start = clock.now
            await group.triggerGracefulShutdown()
            try await stops(&tasks)
            return clock.now - start
        }
        // The handler would sleep 60 s: stopping well before shows the deadline cut it short
        // (the margin allows for a loaded machine).
        #expect(elapsed < .seconds(30))
        #expect(try await h.results(1, seconds: 1).isEmpty)
        let queue = TaskTarget.queue(kind: .function, name: fn)
        let back = await collect(try await h.consumer.consume(queue: queue), count: 1, seconds: 30) { h.consumer.ack($0) }
        #expect(back.count == 1)
        #expect(back.first?.redelivered == true)
        #expect(try back.map { try TaskInvocationMessage(decoding: WireMessage($0)).key } == [invocation.key])
        await h.close()
    }

    /// A worker that goes away (its run() is cancelled) holding an invocation unacked: another
    /// worker gets it and replies; the first published nothing.
    @Test func anotherWorkerTakesOverAnAbandonedInvocation() async throws {
        let fn = TestBroker.unique("abandon")
        let h = try await Harness(functions: [fn])
        let gauge = Gauge()
        var first = Worker()
        first.handle(fn) { input, _ in
            gauge.enter()
            try await Task.sleep(for: .seconds(60))
            return input
        }
        let invocation = h.invocation(fn)
        let a = WorkerService(worker: first, url: h.url, configuration: h.configuration(identity: "worker-a"), logger: TestBroker.logger)
        try await whileRunning(a) {
            try await h.send([invocation])
            try await gauge.wait { $0.started == 1 }
        }
        var second = Worker()
        second.handle(fn) { _, context in .object(JSONObject([("redelivered", .bool(context.isRedelivery))])) }
        let b = WorkerService(worker: second, url: h.url, configuration: h.configuration(identity: "worker-b"), logger: TestBroker.logger)
        let results = try await whileRunning(b) { try await h.results(2, seconds: 12) }
        #expect(results.count == 1)
        #expect(results.first?.key == invocation.key)
        #expect(results.first?.worker == "worker-b")
        #expect(results.first?.outcome == .succeeded(output: .object(JSONObject([("redelivered", .bool(true))]))))
        await h.close()
    }
}
