import AMQP
import App
import ArgumentParser
import Foundation
import ServiceLifecycle
import Worker

/// `stepwise worker`: serves the stock handlers until SIGTERM or Ctrl-C.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a worker with the stock handlers echo, sleep, fail, cpu",
        discussion: """
            Each handler serves the function and the activity of its name (queues stepwise.fn.NAME \
            and stepwise.activity.NAME). SIGTERM stops taking work and lets in-hand tasks finish \
            for up to 30 s; unfinished ones go back to their queue.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Handlers running at once, at most.")
    var concurrency: Int = 8

    @Option(help: "Invocations each queue may hand this worker before it acks (default: the concurrency, so idle workers get the rest).")
    var prefetch: Int?

    @Option(help: "Comma-separated stock handlers to serve (default: echo,sleep,fail,cpu).")
    var functions: String?

    func run() async throws {
        let (config, logger) = try options.start()
        guard concurrency >= 1 else { fail("worker: --concurrency must be at least 1") }
        let only = functions.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        let group: ServiceGroup
        do {
            group = try buildStockWorkerProcess(
                configuration: config,
                worker: WorkerConfiguration(concurrency: concurrency, prefetch: prefetch ?? concurrency, queues: config.queues),
                only: only, logger: logger)
        } catch {
            fail("\(error)")
        }
        do {
            try await group.run()
        } catch let error as AMQPError {
            fail("worker", error, broker: config.amqpURL)
        }
    }
}
