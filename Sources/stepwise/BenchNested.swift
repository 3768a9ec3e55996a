import AMQP
import App
import ArgumentParser
import Benchmarks
import Foundation
import Logging
import RabbitMQControl

struct BenchNested: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nested",
        abstract: "Nested starts against an open-execution limit: accepted, refused and retried, finished, highest open count.",
        discussion: """
            Parents each start their share of the children at once (an inline Map of startExecution.sync:2 \
            Tasks that retry on StepFunctions.ExecutionLimitExceeded); every child waits one second. The \
            baseline is the time the children would take if every slot the parents leave were busy all \
            the time. Runs on a vhost of its own (made with rabbitmqctl on --node and deleted afterwards) \
            and a fresh SQLite file, or a fresh schema with --postgres-url.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "Child executions to start.") var starts = 1000
    @Option(help: "Parent executions sharing them (each holds a slot).") var parents = 20
    @Option(help: "The account's open-execution limit.") var maxOpen = 50
    @Option(help: "Coordinators (in this process, one store).") var coordinators = 2
    @Option(help: "The RabbitMQ node to make the vhost on.") var node = "rabbit@localhost"
    @Option(help: "PostgreSQL URL to run on instead of SQLite (a fresh schema, left for inspection).") var postgresURL: String?

    func run() async throws {
        guard parents > 0, parents < maxOpen, starts >= parents else {
            fail("nested: need 0 < --parents < --max-open and --starts >= --parents")
        }
        let (config, logger) = try options.start(logLevel: .warning)
        let vhost = try await RabbitMQControl.createVhost(base: "amqp://127.0.0.1/", node: node, prefix: "bench-")
        var url = config.amqpURL
        url.vhost = vhost.name
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let location: StoreLocation = if let postgresURL {
            .postgres(url: postgresURL + (postgresURL.contains("?") ? "&" : "?") + "schema=nested_" + UUID().uuidString.prefix(8).lowercased())
        } else {
            .sqlite(path: directory.appendingPathComponent("bench.db").path)
        }
        print("Nested starts benchmark: broker \(url), store \(location)")
        print("\(starts) children (Wait \(NestedBenchmark.childSeconds) s) from \(parents) parents, \(coordinators) coordinators, limit \(maxOpen) open executions")
        print("child start Retry: \(NestedBenchmark.retry)")
        let (starts, parents, maxOpen, coordinators, brokerURL) = (starts, parents, maxOpen, coordinators, url)
        let r = try await openStore(location, logger: logger).use { store in
            try await NestedBenchmark.run(url: brokerURL, store: store, starts: starts, parents: parents, maxOpen: maxOpen,
                                          coordinators: coordinators, logger: logger)
        }
        await RabbitMQControl.deleteVhost(vhost.name, node: node)
        let bound = Double(starts * NestedBenchmark.childSeconds) / Double(maxOpen - parents)
        print("")
        print("accepted child starts (children created)     \(r.accepted)")
        print("refused (ExecutionLimitExceeded) and retried \(r.refused)")
        print("finished children (SUCCEEDED)                \(r.finished) of \(starts)")
        print("parents SUCCEEDED                            \(r.parentsSucceeded) of \(parents)")
        print("highest open count seen                      \(r.peakOpen) (limit \(maxOpen), \(r.samples) samples)")
        print("open executions after the run                \(r.openAtEnd)")
        print(String(format: "elapsed %.1f s; every free slot busy all the time: %.1f s; ratio %.2f", r.seconds, bound, bound / r.seconds))
    }
}
