import AMQP
import App
import Benchmarks
import ArgumentParser
import Foundation
import Logging
import RabbitMQControl
import Store
import StorePostgres

extension BenchEndToEnd {
    /// `n` coordinator processes on a fresh PostgreSQL schema (dropped afterwards).
    func runScale(_ n: Int, config: StepwiseConfiguration, postgresURL: String, logger: Logger) async throws -> ScaleBenchmark.Result {
        let schema = "scale_" + UUID().uuidString.prefix(8).lowercased()
        let location = postgresURL + (postgresURL.contains("?") ? "&" : "?") + "schema=" + schema
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let (url, executions, inFlight) = (config.amqpURL, executions, inFlight)
        return try await openStore(.postgres(url: location), logger: logger).use { store in
            guard let store = store as? PostgresExecutionStore else { throw ValidationError("not a PostgreSQL store") }
            let result = try await ScaleBenchmark.run(url: url, queues: config.queues, executable: executable, store: store,
                                                      location: location, coordinators: n, executions: executions,
                                                      inFlight: inFlight, logger: logger)
            try? await store.dropSchema()
            return result
        }
    }

    /// The same 3-step chain on a peer (Celery), through the same broker.
    func runPeer(_ name: String, url: AMQPURL) async throws -> (version: String, rate: Double, executions: Int, succeeded: Int) {
        guard name == "celery" else { fail("--peer: '\(name)' is not a peer this benchmark knows (celery)") }
        let python = "/usr/bin/python3"
        if (try? await Subprocess.run(python, ["-c", "import celery"])) == nil {
            print("installing Celery with pip")
            do {
                try await Subprocess.run(python, ["-m", "pip", "install", "-q", "celery"])
            } catch {
                try await Subprocess.run(python, ["-m", "pip", "install", "-q", "--break-system-packages", "celery"])
            }
        }
        let version = try await Subprocess.output(python, ["-c", "import celery; print(celery.__version__)"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let script = Self.scriptsDirectory.appendingPathComponent("bench/celery_chain.py").path
        let vhost = url.vhost == "/" ? "/" : url.vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url.vhost
        let broker = "amqp://\(url.user):\(url.password)@\(url.host):\(url.port)/\(vhost)"
        let count = min(executions, 2000)
        let line = try await Subprocess.output(python, [script, broker, String(count), String(min(inFlight, 400))])
        guard let match = line.firstMatch(of: /celery: ([0-9.]+) chains\/s \(([0-9]+)\/([0-9]+) succeeded\)/),
              let rate = Double(match.1), let succeeded = Int(match.2) else {
            throw ValidationError("the Celery run printed no rate: \(line)")
        }
        return (version, rate, count, succeeded)
    }

    /// `scripts/` of the checkout this binary was built from (or of the working directory).
    static var scriptsDirectory: URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let built = root.appendingPathComponent("scripts")
        if FileManager.default.fileExists(atPath: built.appendingPathComponent("bench").path) { return built }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts")
    }

    /// The scaling table: each N's throughput and CPU per execution next to the single node's.
    func printScale(_ rows: [(Int, ScaleBenchmark.Result)], sqlite: EndToEndBenchmark.Result, roundTrips: Double) {
        print("")
        print("PostgreSQL, N coordinator processes (starts sent to each execution's shard queue; workers and client in this process)")
        print("  N   executions/s   ÷ SQLite   ÷ broker rt/4   Stepwise CPU ms/ex   ÷ N=1   PostgreSQL CPU ms/ex   broker CPU ms/ex")
        let base = rows.first?.1.stepwiseCPU ?? 1
        for (n, r) in rows {
            print(String(format: "%3d %14.0f %10.2f %15.2f %20.2f %7.2f %22.2f %18@", n, r.executionsPerSecond,
                         r.executionsPerSecond / sqlite.executionsPerSecond, r.executionsPerSecond / (roundTrips / 4),
                         r.stepwiseCPU, r.stepwiseCPU / base, r.postgresCPU, r.brokerCPU.map { String(format: "%.2f", $0) } ?? "?"))
        }
        print(String(format: "SQLite single node (same run): %.0f executions/s, Stepwise CPU %.2f ms/ex, broker CPU %@ ms/ex",
                     sqlite.executionsPerSecond, sqlite.cpuMillisecondsPerExecution,
                     sqlite.brokerCPU.map { String(format: "%.2f", $0) } ?? "?"))
    }
}
