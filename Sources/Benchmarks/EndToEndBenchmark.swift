public import AMQP
import Coordinator
import CoreMetrics
import Prometheus
import Foundation
public import Logging
public import Store
import Worker

/// Whole executions per second: a 3-Task workflow on the `echo` handler through one coordinator
/// and two workers on a real broker and a real store, every step durable (store commits synced,
/// persistent messages, publisher confirms, manual acks).
public enum EndToEndBenchmark {
    public static let definition = """
    {"StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "B"},
      "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Next": "C"},
      "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}
    """

    public struct Result: Sendable {
        /// Executions started and finished per second, from the first start to the last end.
        public var executionsPerSecond: Double
        /// How many of them succeeded (all should).
        public var succeeded: Int
        /// CPU this process (coordinator and workers) spent per execution, in milliseconds: steadier
        /// than executions/s on a machine other work shares.
        public var cpuMillisecondsPerExecution: Double
        /// CPU the broker spent per execution, in milliseconds (nil: its process was not found).
        public var brokerCPU: Double?
    }

    /// Waits until `coordinator` owns every shard. (Counting live leases is not enough: after a
    /// warm-up run the previous coordinator's leases stay live until their TTL, and the measured
    /// run would include that wait.)
    static func awaitShards(_ coordinator: CoordinatorService) async throws {
        while coordinator.ownedShards.count < Shards.count {
            try await Task.sleep(for: .milliseconds(50))
        }
    }


    /// Runs `executions` executions with at most `inFlight` open at once.
    /// - Parameters:
    ///   - url: The broker.
    ///   - store: An empty store (the benchmark creates its state machine).
    ///   - workers: Worker services (each with `workerConcurrency` handlers).
    public static func run(url: AMQPURL, store: any ExecutionStore, executions: Int, inFlight: Int, workers: Int = 2,
                           workerConcurrency: Int = 64, metrics: Bool = false, logger: Logger) async throws -> Result {
        // With `metrics`, the coordinator and the workers report to a swift-prometheus registry, as
        // in `stepwise` (written out once at the end, as a scrape would).
        let registry = PrometheusCollectorRegistry()
        let factory: any MetricsFactory = metrics ? PrometheusMetricsFactory(registry: registry) : NOOPMetricsHandler.instance
        defer {
            var scrape: [UInt8] = []
            registry.emit(into: &scrape)
        }
        let coordinator = CoordinatorService(store: store, url: url, configuration: .init(prefetch: 1000),
                                             metrics: metrics ? CoordinatorMetrics(factory: factory) : CoordinatorMetrics(), logger: logger)
        var worker = Worker()
        StockHandlers.register(on: &worker, only: ["echo"])
        let services = (0..<workers).map { i in
            WorkerService(worker: worker, url: url, configuration: WorkerConfiguration(
                concurrency: workerConcurrency, prefetch: workerConcurrency, identity: "bench-worker-\(i)",
                connectionName: "bench-worker-\(i)"), metrics: factory, logger: logger)
        }
        // The services run beside the measurement and are cancelled when it ends.
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try? await coordinator.run() }
            for service in services { group.addTask { try? await service.run() } }
            defer { group.cancelAll() }
            return try await measure(coordinator, store: store, brokerPort: url.port, executions: executions, inFlight: inFlight)
        }
    }

    private static func measure(_ coordinator: CoordinatorService, store: any ExecutionStore, brokerPort: Int, executions: Int,
                                inFlight: Int) async throws -> Result {
        let account = "123456789012"
        let name = "bench-\(UUID().uuidString.prefix(8))"
        let machine = StateMachineRecord(arn: "arn:aws:states:us-east-1:\(account):stateMachine:\(name)", account: account, name: name,
                                         definition: definition, roleArn: "arn:aws:iam::\(account):role/bench", creationDate: Date(),
                                         revisionId: UUID().uuidString)
        try await store.createStateMachine(machine)
        try await awaitShards(coordinator)
        let launcher = coordinator.launcher
        let metrics = coordinator.metrics
        let base = metrics.finishedExecutions
        let start = ContinuousClock.now
        let cpu = CPUMeter.current()
        let broker = CPUMeter.broker(port: brokerPort)
        var launched = 0
        while launched < executions {
            let room = min(inFlight - (launched - (metrics.finishedExecutions - base)), executions - launched, 64)
            guard room > 0 else {
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            let first = launched
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in first..<(first + room) {
                    group.addTask { _ = try await launcher.start(stateMachine: machine, name: "e\(i)", input: "{\"i\": \(i)}") }
                }
                try await group.waitForAll()
            }
            launched += room
        }
        while metrics.finishedExecutions - base < executions {
            try await Task.sleep(for: .milliseconds(2))
        }
        let elapsed = ContinuousClock.now - start
        let (cpuSeconds, brokerSeconds) = (cpu.elapsed, broker?.elapsed)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(executionsPerSecond: Double(executions) / seconds, succeeded: try await succeeded(store, machine: machine),
                      cpuMillisecondsPerExecution: cpuSeconds * 1000 / Double(executions),
                      brokerCPU: brokerSeconds.map { $0 * 1000 / Double(executions) })
    }

    /// How many executions of `machine` succeeded.
    static func succeeded(_ store: any ExecutionStore, machine: StateMachineRecord) async throws -> Int {
        var succeeded = 0
        var token: String? = nil
        repeat {
            let page = try await store.listExecutions(ExecutionFilter(.stateMachine(machine.arn), status: .succeeded),
                                                      page: PageRequest(limit: 1000, token: token))
            succeeded += page.items.count
            token = page.nextToken
        } while token != nil
        return succeeded
    }
}
