import App
import ArgumentParser
import Benchmarks
import Foundation
import Logging
import StorePostgres

struct BenchBucket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bucket",
        abstract: "The StartExecution bucket shared by coordinator processes: admitted starts/s against the configured refill.",
        discussion: """
            Runs N `stepwise coordinator` processes on a fresh PostgreSQL schema, each serving the API \
            (signatures off, on free ports), with a bucket of --size refilling --refill per second, and \
            sends StartExecution calls at three times the refill rate, spread over the processes, for \
            --seconds. Prints the admitted rate beyond the first fill next to the refill: 1.00x is exact; \
            a bucket per process would give N times.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "Coordinator processes.") var coordinators = 3
    @Option(help: "Bucket size.") var size = 20
    @Option(help: "Refill per second.") var refill = 100.0
    @Option(help: "Seconds of calls.") var seconds = 30.0
    @Option(help: "PostgreSQL URL (a fresh schema is created and dropped).")
    var postgresURL = ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"] ?? "postgres://postgres:postgres@127.0.0.1:5432/stepwise_test"

    func run() async throws {
        let (config, logger) = try options.start(logLevel: .warning)
        let schema = "bucket_" + UUID().uuidString.prefix(8).lowercased()
        let location = postgresURL + (postgresURL.contains("?") ? "&" : "?") + "schema=" + schema
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        print("StartExecution bucket: \(coordinators) coordinator processes on PostgreSQL, bucket \(size) refilling \(refill)/s, "
              + "calls at \(3 * refill)/s for \(seconds) s")
        let (coordinators, size, refill, seconds) = (coordinators, size, refill, seconds)
        let r = try await openStore(.postgres(url: location), logger: logger).use { store in
            guard let store = store as? PostgresExecutionStore else { throw ValidationError("not a PostgreSQL store") }
            do {
                let result = try await BucketBenchmark.run(url: config.amqpURL, queues: config.queues, executable: executable,
                                                           store: store, location: location, coordinators: coordinators,
                                                           size: size, refill: refill, seconds: seconds)
                try? await store.dropSchema()
                return result
            } catch {
                try? await store.dropSchema()
                throw error
            }
        }
        print(String(format: "admitted %d, throttled %d, other %d in %.1f s", r.admitted, r.throttled, r.other, r.seconds))
        print(String(format: "admitted beyond the first fill: %.1f starts/s; configured refill %.1f/s; ratio %.3fx (a bucket per process: %dx)",
                     r.admittedPerSecond, refill, r.admittedPerSecond / refill, coordinators))
        if r.other > 0 { throw ValidationError("\(r.other) calls got neither a start nor a ThrottlingException") }
    }
}
