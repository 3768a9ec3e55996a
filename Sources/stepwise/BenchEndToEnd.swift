import AMQP
import App
import ArgumentParser
import Benchmarks
import Foundation
import Histogram
import Logging
import ServiceLifecycle
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
    @Flag(help: "Measure latency at light load instead: one execution in flight, p50/p90/p99 from start to end.")
    var latency = false
    @Option(help: "With PostgreSQL: also run 1 to N coordinator processes sharing the store (0: skip).")
    var coordinators = 0
    @Option(help: "Also run the same 3-step chain on a peer through the same broker: celery (installed with pip if missing).")
    var peer: String?
    @Flag(help: "Measure what metrics cost instead: SQLite runs with metrics off and on, alternated, and their ratio.")
    var metricsCost = false
    @Flag(help: "Measure what tracing costs instead (needs tracing.enabled and a collector at tracing.endpoint): SQLite runs with tracing off and on at the configured sampling, alternated.")
    var tracingCost = false

    func run() async throws {
        let (config, logger) = try options.start(logLevel: .warning)
        if metricsCost { return try await runMetricsCost(config.amqpURL, logger: logger) }
        if tracingCost { return try await runTracingCost(config, logger: logger) }
        let cPath = cClientPath(cClient)
        if latency { return try await runLatency(config.amqpURL, cPath: cPath, logger: logger) }
        print("End-to-end benchmark: broker \(config.amqpURL); \(executions) executions of 3 echo Tasks, \(inFlight) open at once")
        let c = try await runCClient(cPath, url: config.amqpURL, messages: 1000, roundTrips: 10_000, inFlight: 100)
        print(String(format: "baseline: C client durable request/reply %.0f round trips/s (÷4 = %.0f executions/s)", c.rr, c.rr / 4))

        var rows: [(String, EndToEndBenchmark.Result)] = []
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (url, executions, inFlight) = (config.amqpURL, executions, inFlight)
        let s = try await openStore(.sqlite(path: directory.appendingPathComponent("bench.db").path), logger: logger).use { store in
            _ = try await EndToEndBenchmark.run(url: url, store: store, executions: 300, inFlight: inFlight, logger: logger)
            return try await EndToEndBenchmark.run(url: url, store: store, executions: executions, inFlight: inFlight, logger: logger)
        }
        print(String(format: "SQLite: %.0f executions/s (%d/%d succeeded)", s.executionsPerSecond, s.succeeded, executions))
        rows.append(("SQLite (synchronous=FULL)", s))

        if let postgresURL, !postgresURL.isEmpty {
            let schema = "bench_" + UUID().uuidString.prefix(8).lowercased()
            let separator = postgresURL.contains("?") ? "&" : "?"
            let p = try await openStore(.postgres(url: postgresURL + separator + "schema=" + schema), logger: logger).use { store in
                _ = try await EndToEndBenchmark.run(url: url, store: store, executions: 300, inFlight: inFlight, logger: logger)
                let p = try await EndToEndBenchmark.run(url: url, store: store, executions: executions, inFlight: inFlight, logger: logger)
                try? await (store as? PostgresExecutionStore)?.dropSchema()  // the run's own schema
                return p
            }
            print(String(format: "PostgreSQL: %.0f executions/s (%d/%d succeeded)", p.executionsPerSecond, p.succeeded, executions))
            rows.append(("PostgreSQL", p))
        }
        var scale: [(Int, ScaleBenchmark.Result)] = []
        if coordinators > 0, let postgresURL, !postgresURL.isEmpty {
            for n in 1...coordinators {
                let r = try await runScale(n, config: config, postgresURL: postgresURL, logger: logger)
                print(String(format: "PostgreSQL, %d coordinator process%@: %.0f executions/s (%d/%d succeeded)",
                             n, n == 1 ? "" : "es", r.executionsPerSecond, r.succeeded, executions))
                scale.append((n, r))
            }
        }
        var celery: (version: String, rate: Double, executions: Int, succeeded: Int)? = nil
        if let peer { celery = try await runPeer(peer, url: config.amqpURL) }
        print("")
        print("store                         executions/s   broker rt/s ÷ 4   ratio   stepwise CPU ms/execution   broker CPU ms/execution")
        for (name, result) in rows {
            let rate = result.executionsPerSecond
            print(name.padding(toLength: 28, withPad: " ", startingAt: 0)
                  + String(format: " %12.0f %16.0f   %5.2fx %12.2f %25@", rate, c.rr / 4, rate / (c.rr / 4),
                           result.cpuMillisecondsPerExecution, result.brokerCPU.map { String(format: "%.2f", $0) } ?? "?"))
        }
        print("(stepwise CPU: this process, the coordinator and both workers)")
        if !scale.isEmpty {
            printScale(scale, sqlite: s, roundTrips: c.rr)
        }
        if let celery {
            let rate = s.executionsPerSecond
            print(String(format: "\nCelery (%@, same broker, same durability): %.1f chains/s; Stepwise on SQLite ÷ Celery = %.1fx",
                         celery.version, celery.rate, rate / celery.rate))
            if celery.succeeded != celery.executions { print("Celery: only \(celery.succeeded)/\(celery.executions) chains succeeded") }
        }
        let scaleFailure = scale.first { $0.1.succeeded != executions }.map { "PostgreSQL with \($0.0) coordinators" }
        if let name = rows.first(where: { $0.1.succeeded != executions })?.0 ?? scaleFailure {
            // Thrown, not exited, so that the run's temporary SQLite directory is still removed.
            FileHandle.standardError.write(Data("stepwise: not every execution succeeded with \(name)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// One execution at a time: the 3-Task workflow and a nested `.sync:2` pair, next to one
    /// durable broker round trip measured the same way (the C client with one in flight).
    private func runLatency(_ url: AMQPURL, cPath: String, logger: Logger) async throws {
        let count = min(executions, 1000)
        print("Latency benchmark: broker \(url); \(count) executions of each workflow, one in flight")
        let c = try await runCClient(cPath, url: url, messages: 100, roundTrips: 2000, inFlight: 1)
        let roundTrip = 1000 / c.rr
        print(String(format: "baseline: C client durable request/reply, one in flight: %.2f ms per round trip (4 = %.2f ms)",
                     roundTrip, 4 * roundTrip))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let r = try await openStore(.sqlite(path: directory.appendingPathComponent("bench.db").path), logger: logger).use { store in
            try await LatencyBenchmark.run(url: url, store: store, executions: count, logger: logger)
        }
        print("")
        print("workflow (SQLite)              p50 ms   p90 ms   p99 ms   max ms   p50 ÷ 4 round trips")
        for (name, h) in [("3 echo Tasks", r.tasks), ("nested .sync:2 + Pass child", r.nested)] {
            func ms(_ p: Double) -> Double { Double(h.valueAtPercentile(p)) / 1000 }
            print(name.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + String(format: " %7.2f  %7.2f  %7.2f  %7.2f   %5.1fx", ms(50), ms(90), ms(99), Double(h.max) / 1000,
                           ms(50) / (4 * roundTrip)))
        }
        guard r.succeeded == 2 * count else {
            FileHandle.standardError.write(Data("stepwise: \(2 * count - r.succeeded) executions did not succeed\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension BenchEndToEnd {
    /// `--metrics-cost`: executions/s on SQLite with the coordinator's and workers' metrics off and
    /// on (swift-metrics into swift-prometheus, as `stepwise` runs), three runs of each alternated
    /// on one store, and the ratio of the medians (#19 asks at least 0.97).
    func runMetricsCost(_ url: AMQPURL, logger: Logger) async throws {
        try await alternate("metrics", url, logger: logger) { on in on ? (metrics: true, tracing: false) : (metrics: false, tracing: false) }
    }

    /// `--tracing-cost`: the same with tracing off and on (metrics off in both), spans exported to
    /// the configured collector (`scripts/bench-tracing` runs one).
    func runTracingCost(_ config: StepwiseConfiguration, logger: Logger) async throws {
        guard let exporter = try tracingService(config, serviceName: "stepwise-bench", logger: logger) else {
            throw ValidationError("--tracing-cost needs tracing.enabled (STEPWISE_TRACING_ENABLED=true) and a collector at tracing.endpoint")
        }
        print("Tracing to \(config.tracingEndpoint) (\(config.tracingJSON ? "http/json" : "http/protobuf"), sampling ratio \(config.tracingSamplingRatio))")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await exporter.run() }
            defer { group.cancelAll() }
            try await alternate("tracing", config.amqpURL, logger: logger) { on in
                traceExecutions(on)
                return (metrics: false, tracing: on)
            }
        }
    }

    /// Three runs each of off and on, alternated on one SQLite store, and the ratio of the medians.
    private func alternate(_ what: String, _ url: AMQPURL, logger: Logger, _ mode: @escaping @Sendable (Bool) -> (metrics: Bool, tracing: Bool)) async throws {
        print("\(what.capitalized) cost: broker \(url); \(executions) executions of 3 echo Tasks per run, \(inFlight) open at once, SQLite")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (executions, inFlight) = (executions, inFlight)
        let (off, on) = try await openStore(.sqlite(path: directory.appendingPathComponent("bench.db").path), logger: logger).use { store in
            _ = try await EndToEndBenchmark.run(url: url, store: store, executions: 300, inFlight: inFlight, logger: logger)
            var off: [Double] = [], on: [Double] = []
            for round in 0..<6 {
                let isOn = round % 2 == 1
                let r = try await EndToEndBenchmark.run(url: url, store: store, executions: executions, inFlight: inFlight,
                                                        metrics: mode(isOn).metrics, logger: logger)
                guard r.succeeded == executions else { throw ValidationError("only \(r.succeeded) of \(executions) succeeded") }
                print(String(format: "  %@ %@: %.0f executions/s", what, isOn ? "on " : "off", r.executionsPerSecond))
                if isOn { on.append(r.executionsPerSecond) } else { off.append(r.executionsPerSecond) }
            }
            return (off.sorted()[1], on.sorted()[1])
        }
        print(String(format: "median: %@ off %.0f executions/s, on %.0f executions/s; on/off = %.3f", what, off, on, on / off))
    }
}
