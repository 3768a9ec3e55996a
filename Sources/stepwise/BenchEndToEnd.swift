import AMQP
import App
import ArgumentParser
import Benchmarks
import Foundation
import Logging
import Store
import StorePostgres

struct BenchEndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Executions/s of a 3-Task echo workflow (one coordinator, two workers), next to raw broker round trips/s.",
        discussion: """
            Runs the C client's durable request/reply (the transport benchmark's baseline) first, then \
            the workflow on a fresh SQLite file (synchronous commits) and, with --postgres-url, on a \
            fresh PostgreSQL schema. A 3-Task execution needs about 4 broker round trips, so \
            round trips/s ÷ 4 is what the broker alone could carry.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "Executions per run.") var executions = 5000
    @Option(help: "Executions open at once.") var inFlight = 400
    @Option(help: "PostgreSQL URL to run on as well (a fresh schema is created and dropped; empty to skip).")
    var postgresURL: String? = ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"]
    @Option(help: "Path of the C client (default: amqp-bench-c beside this executable).") var cClient: String?

    func run() async throws {
        let config = try options.load()
        let logger = bootstrapLogging(.warning)
        let cPath = cClientPath(cClient)
        print("End-to-end benchmark: broker \(config.amqpURL); \(executions) executions of 3 echo Tasks, \(inFlight) open at once")
        let c = try await runCClient(cPath, url: config.amqpURL, messages: 1000, roundTrips: 10_000, inFlight: 100)
        print(String(format: "baseline: C client durable request/reply %.0f round trips/s (÷4 = %.0f executions/s)", c.rr, c.rr / 4))

        var rows: [(String, EndToEndBenchmark.Result)] = []
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await openStore(.sqlite(path: directory.appendingPathComponent("bench.db").path), logger: logger)
        _ = try await EndToEndBenchmark.run(url: config.amqpURL, store: sqlite.store, executions: 300, inFlight: inFlight, logger: logger)
        let s = try await EndToEndBenchmark.run(url: config.amqpURL, store: sqlite.store, executions: executions, inFlight: inFlight, logger: logger)
        await sqlite.close()
        print(String(format: "SQLite: %.0f executions/s (%d/%d succeeded)", s.executionsPerSecond, s.succeeded, executions))
        rows.append(("SQLite (synchronous=FULL)", s))

        if let postgresURL, !postgresURL.isEmpty {
            let schema = "bench_" + UUID().uuidString.prefix(8).lowercased()
            let separator = postgresURL.contains("?") ? "&" : "?"
            let pg = try await openStore(.postgres(url: postgresURL + separator + "schema=" + schema), logger: logger)
            _ = try await EndToEndBenchmark.run(url: config.amqpURL, store: pg.store, executions: 300, inFlight: inFlight, logger: logger)
            let p = try await EndToEndBenchmark.run(url: config.amqpURL, store: pg.store, executions: executions, inFlight: inFlight, logger: logger)
            try? await (pg.store as? PostgresExecutionStore)?.dropSchema()  // the run's own schema
            await pg.close()
            print(String(format: "PostgreSQL: %.0f executions/s (%d/%d succeeded)", p.executionsPerSecond, p.succeeded, executions))
            rows.append(("PostgreSQL", p))
        }
        print("")
        print("store                         executions/s   broker rt/s ÷ 4   ratio   stepwise CPU ms/execution")
        for (name, result) in rows {
            let rate = result.executionsPerSecond
            print(name.padding(toLength: 28, withPad: " ", startingAt: 0)
                  + String(format: " %12.0f %16.0f   %5.2fx %12.2f", rate, c.rr / 4, rate / (c.rr / 4), result.cpuMillisecondsPerExecution))
        }
        print("(stepwise CPU: this process, the coordinator and both workers; the broker's is not included)")
        if let (name, _) = rows.first(where: { $0.1.succeeded != executions }) {
            // Thrown, not exited, so that the run's temporary SQLite directory is still removed.
            FileHandle.standardError.write(Data("stepwise: not every execution succeeded with \(name)\n".utf8))
            throw ExitCode(1)
        }
    }
}
