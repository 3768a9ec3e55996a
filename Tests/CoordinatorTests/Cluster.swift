import AMQP
import AMQPTesting
import ASL
import Coordinator
import Foundation
import JSONValue
import Logging
import Messages
import MessagesAMQP
import Store
import StorePostgres
import StoreSQLite
import Synchronization
import Testing
import Worker

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Handlers the tests add beside the stock ones.
enum TestHandlers {
    /// `flaky` fails with `Flaky.Error` until its attempt number reaches `succeedOn` (default 2).
    static func register(on worker: inout Worker) {
        StockHandlers.register(on: &worker, only: nil)
        worker.handle("flaky") { input, context in
            let succeedOn = input["succeedOn"]?.numberValue?.int ?? 2
            if context.attempt < succeedOn {
                throw TaskFailure(error: "Flaky.Error", cause: "attempt \(context.attempt)")
            }
            return .object(JSONObject([("attempt", .int(context.attempt))]))
        }
    }
}

/// One test's cluster: a vhost, a store, coordinators and workers running in this process.
final class Cluster: @unchecked Sendable {
    static let logger: Logger = {
        var logger = Logger(label: "coordinator-tests")
        logger.logLevel = .warning
        return logger
    }()

    let url: AMQPURL
    let store: any ExecutionStore
    let launcher: ExecutionLauncher
    let coordinators: [CoordinatorService]
    private let tasks: Mutex<[Task<Void, Never>]> = Mutex([])

    let quotas: AccountQuotas
    /// Classic or quorum queues, for every process of the cluster (child processes too).
    let queues: QueueProfile

    init(url: AMQPURL, store: any ExecutionStore, coordinators: Int, workers: Int, workerConcurrency: Int, quotas: AccountQuotas,
         pollInterval: Duration, queues: QueueProfile) {
        self.url = url
        self.store = store
        self.quotas = quotas
        self.queues = queues
        self.launcher = ExecutionLauncher(store: store)
        self.coordinators = (0..<coordinators).map { i in
            CoordinatorService(store: store, url: url, configuration: .init(identity: "test-coordinator-\(i)-\(UUID().uuidString.prefix(6))",
                                                                               leaseTTL: .seconds(5), leaseTick: .seconds(1),
                                                                               timerInterval: pollInterval, relayInterval: pollInterval,
                                                                               quotas: quotas, queues: queues),
                               logger: Cluster.logger)
        }
        var worker = Worker()
        TestHandlers.register(on: &worker)
        var started: [Task<Void, Never>] = []
        for service in self.coordinators {
            started.append(Task { do { try await service.run() } catch { Cluster.logger.error("coordinator: \(error)") } })
        }
        for i in 0..<workers {
            let service = WorkerService(worker: worker, url: url, configuration: WorkerConfiguration(
                concurrency: workerConcurrency, identity: "test-worker-\(i)", queues: queues, connectionName: "test-worker-\(i)"),
                logger: Cluster.logger)
            started.append(Task { do { try await service.run() } catch { Cluster.logger.error("worker: \(error)") } })
        }
        tasks.withLock { $0 = started }
    }

    /// Runs `body` with a fresh vhost and store (SQLite file, or a new PostgreSQL schema).
    static func with(coordinators: Int = 1, workers: Int = 1, workerConcurrency: Int = 16, postgres: Bool = false,
                     broker: String = TestVhost.baseURL, node: String = TestVhost.node, quotas: AccountQuotas = AccountQuotas(),
                     pollInterval: Duration = .milliseconds(100), queues: QueueProfile = .classic,
                     _ body: (Cluster) async throws -> Void) async throws {
        let vhost = try await TestVhost.create(base: broker, node: node)
        defer { Task { await TestVhost.delete(vhost.name, node: node) } }
        let url = try AMQPURL(vhost.url)
        try await withStore(postgres: postgres) { store, location in
            let cluster = Cluster(url: url, store: store, coordinators: coordinators, workers: workers,
                                  workerConcurrency: workerConcurrency, quotas: quotas, pollInterval: pollInterval,
                                  queues: queues)
            cluster.vhostURL = vhost.url
            cluster.vhost = (vhost.name, node)
            cluster.storeLocation = location
            do {
                try await body(cluster)
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        }
    }

    func stop() async {
        let all = tasks.withLock { t in defer { t = [] }; return t }
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    /// The broker URL with the test's vhost, and the store as `STEPWISE_STORE` names it (for child processes).
    nonisolated(unsafe) var vhostURL = ""
    /// The test's vhost and the node it is on (for rabbitmqctl).
    nonisolated(unsafe) var vhost = (name: "", node: "")
    nonisolated(unsafe) var storeLocation = ""

    static func withStore(postgres: Bool, _ body: (any ExecutionStore, String) async throws -> Void) async throws {
        if postgres {
            let url = ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"] ?? "postgres://postgres:postgres@127.0.0.1:5432/stepwise_test"
            let schema = "c_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            guard let configuration = PostgresExecutionStore.Configuration(url: url, schema: schema) else { throw TestFailure("bad postgres url") }
            let store = PostgresExecutionStore(configuration: configuration, logger: logger)
            let runner = Task { await store.run() }
            defer { runner.cancel() }
            try await store.migrate()
            do { try await body(store, url + "?schema=" + schema) } catch {
                try? await store.dropSchema()
                store.close()
                throw error
            }
            try? await store.dropSchema()
            store.close()
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-coord-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("stepwise.sqlite").path
        let store = try await SQLiteExecutionStore.open(path: path, logger: logger)
        do { try await body(store, path) } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    // MARK: helpers

    static let account = "123456789012"

    @discardableResult
    func createMachine(_ name: String, _ definition: String) async throws -> StateMachineRecord {
        let now = Date()
        let record = StateMachineRecord(
            arn: "arn:aws:states:us-east-1:\(Self.account):stateMachine:\(name)", account: Self.account, name: name,
            definition: definition, roleArn: "arn:aws:iam::\(Self.account):role/test", creationDate: now, revisionId: UUID().uuidString)
        try await store.createStateMachine(record)
        return record
    }

    /// Starts an execution as the API does; returns its ARN.
    func start(_ machine: StateMachineRecord, name: String = UUID().uuidString, input: String = "{}") async throws -> String {
        try await launcher.start(stateMachine: machine, name: name, input: input,
                                 quota: quotas.quota(account: machine.account, nested: false)).arn
    }

    /// Polls until the execution has stopped.
    func waitForEnd(_ arn: String, timeout: Duration = .seconds(60)) async throws -> ExecutionRecord {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let record = try await store.getExecution(arn: arn)
            if record.status.isTerminal { return record }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Say where it stands, so a failure in CI shows which message went missing.
        let events = (try? await history(arn)) ?? []
        let tail = events.suffix(4).map { "\($0.id) \($0.type)" }.joined(separator: ", ")
        let pending = ((try? await store.pendingOutbox(limit: 10_000)) ?? []).filter { $0.message.executionArn == arn }.count
        throw TestFailure("execution \(arn) still RUNNING after \(timeout); history ends [\(tail)]; \(pending) outbox messages pending")
    }

    func history(_ arn: String) async throws -> [Store.HistoryEvent] {
        try await store.history(HistoryQuery(executionArn: arn, limit: 10_000))
    }

    /// Stops an execution the way StopExecution does: a signal to its shard.
    func stop(_ arn: String, error: String? = nil, cause: String? = nil) async throws {
        try await signal(ExecutionSignal(executionArn: arn, kind: .stop, error: error, cause: cause))
    }

    /// Publishes a signal to the shard of its execution, as the API does.
    func signal(_ signal: ExecutionSignal) async throws {
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard(queues), name: "test-signal", logger: Self.logger)
        try await publisher.publish(AMQPOutgoingMessage(signal.encoded(), exchange: WireNames.exchange,
                                                        routingKey: Shards.queue(of: signal.executionArn)))
        await publisher.close()
    }
}

func json(_ text: String?) throws -> JSON {
    guard let text else { throw TestFailure("no JSON text") }
    return try JSON(parsing: text)
}
