public import AMQP
import AMQPTesting
import Coordinator
import Foundation
public import Logging
import Messages
public import MessagesAMQP
import Store
public import StorePostgres
import Worker

/// The multi-coordinator path: `coordinators` `stepwise coordinator` processes sharing one
/// PostgreSQL store, two workers in this process, and the same 3-Task workflow as
/// ``EndToEndBenchmark``, started by start requests sent to each execution's shard queue (as a
/// parent execution starts a child), so that the coordinator that runs an execution creates it.
public enum ScaleBenchmark {
    public struct Result: Sendable {
        public var executionsPerSecond: Double
        public var succeeded: Int
        /// CPU per execution, in milliseconds: every Stepwise process (the coordinators, and this
        /// one with the workers and the client), the PostgreSQL server, the broker (nil: not found).
        public var stepwiseCPU: Double
        public var postgresCPU: Double
        public var brokerCPU: Double?
    }

    /// Runs `executions` executions with at most `inFlight` open at once.
    /// - Parameters:
    ///   - executable: The `stepwise` binary the coordinators run.
    ///   - store: The (migrated, empty) store the coordinators share, opened here to follow them.
    ///   - location: The same store as `STEPWISE_STORE` names it.
    public static func run(url: AMQPURL, queues: QueueProfile, executable: String, store: PostgresExecutionStore, location: String,
                           coordinators: Int, executions: Int, inFlight: Int, logger: Logger) async throws -> Result {
        let processes = try (0..<coordinators).map { _ in try spawn(executable, url: url, queues: queues, store: location) }
        defer { for p in processes where p.isRunning { p.terminate(); p.waitUntilExit() } }
        try await awaitBalance(store, coordinators: coordinators, processes: processes)
        var worker = Worker()
        StockHandlers.register(on: &worker, only: ["echo"])
        let workers = (0..<2).map { i in
            WorkerService(worker: worker, url: url, configuration: WorkerConfiguration(
                concurrency: 64, prefetch: 64, identity: "scale-worker-\(i)", queues: queues, connectionName: "scale-worker-\(i)"),
                logger: logger)
        }
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard(queues),
                                                        name: "scale-client", logger: logger)
        do {
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                for service in workers { group.addTask { try? await service.run() } }
                defer { group.cancelAll() }
                let pids = processes.map(\.processIdentifier)
                return try await measure(store: store, publisher: publisher, pids: pids, brokerPort: url.port,
                                         executions: executions, inFlight: inFlight)
            }
            await publisher.close()
            return result
        } catch {
            await publisher.close()
            throw error
        }
    }

    /// `stepwise coordinator` on the store and broker given, its API on a free port (`apiPort`), logging
    /// warnings only (`extra` adds environment variables).
    static func spawn(_ executable: String, url: AMQPURL, queues: QueueProfile, store: String, apiPort: Int = FreePort.pick(),
                      extra: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["coordinator"]
        var env = ProcessInfo.processInfo.environment
        env["STEPWISE_AMQP_URL"] = url.revealed
        env["STEPWISE_AMQP_QUEUE_TYPE"] = queues.kind.rawValue
        env["STEPWISE_STORE"] = store
        env["STEPWISE_API_PORT"] = String(apiPort)
        env["STEPWISE_LOG_LEVEL"] = "warning"
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Returns once the coordinators hold every shard between them, each its share.
    static func awaitBalance(_ store: any ExecutionStore, coordinators: Int, processes: [Process]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard processes.allSatisfy(\.isRunning) else { throw BenchmarkFailure("a coordinator process exited") }
            let leases = try await store.liveLeases(prefix: "shard.", now: Date())
            let owners = Dictionary(grouping: leases, by: \.owner).mapValues(\.count)
            if leases.count == Shards.count, owners.count == coordinators,
               owners.values.allSatisfy({ $0 >= Shards.count / coordinators }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkFailure("the coordinators did not share the shards within 60 s")
    }

    private static func measure(store: PostgresExecutionStore, publisher: AMQPPublisher, pids: [Int32], brokerPort: Int,
                                executions: Int, inFlight: Int) async throws -> Result {
        let account = "123456789012"
        let name = "scale-\(UUID().uuidString.prefix(8))"
        let machine = StateMachineRecord(arn: "arn:aws:states:us-east-1:\(account):stateMachine:\(name)", account: account, name: name,
                                         definition: EndToEndBenchmark.definition, roleArn: "arn:aws:iam::\(account):role/bench",
                                         creationDate: Date(), revisionId: UUID().uuidString)
        try await store.createStateMachine(machine)
        let stepwise = CPUMeter { ProcessCPU.seconds(pids: pids + [getpid()]) }
        let postgres = CPUMeter.postgres()
        let broker = CPUMeter.broker(port: brokerPort)
        let start = ContinuousClock.now
        var published = 0
        var ended = 0
        while ended < executions {
            let room = min(inFlight - (published - ended), executions - published)
            if room > 0 {
                let messages = (published..<(published + room)).map { i in
                    // To the shard queue of the execution, as a parent's nested start is sent.
                    AMQPOutgoingMessage(ExecutionStartRequest(stateMachineArn: machine.arn, name: "e\(i)", input: "{\"i\": \(i)}").encoded(),
                                        exchange: WireNames.exchange,
                                        routingKey: Shards.queue(of: ARNs.executionArn(stateMachineArn: machine.arn, name: "e\(i)")))
                }
                try await publisher.publish(messages)
                published += room
            }
            // Counting costs PostgreSQL an index scan of this run's executions: 20 a second.
            try await Task.sleep(for: .milliseconds(50))
            ended = try await store.executionCounts(stateMachineArn: machine.arn).ended
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perExecution = 1000 / Double(executions)
        let (stepwiseCPU, postgresCPU, brokerCPU) = (stepwise.elapsed, postgres.elapsed, broker?.elapsed)
        let succeeded = try await EndToEndBenchmark.succeeded(store, machine: machine)
        return Result(executionsPerSecond: Double(executions) / seconds, succeeded: succeeded,
                      stepwiseCPU: stepwiseCPU * perExecution, postgresCPU: postgresCPU * perExecution,
                      brokerCPU: brokerCPU.map { $0 * perExecution })
    }
}
