public import AMQP
import Coordinator
import Foundation
public import Histogram
public import Logging
public import Store
import Worker

/// Latency at light load: one execution in flight, from its start (the store transaction that
/// creates it) to its end as its coordinator commits it; for the 3-Task echo workflow and for a
/// nested `.sync:2` parent whose child is one Pass state.
public enum LatencyBenchmark {
    static let childDefinition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    static func parentDefinition(child: String) -> String {
        """
        {"StartAt": "Start", "States": {"Start": {"Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Parameters": {"StateMachineArn": "\(child)", "Input": {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
          "End": true}}}
        """
    }

    /// Start-to-end latencies in microseconds, one histogram per workflow.
    public struct Result: Sendable {
        public var tasks: Histogram<UInt64>
        public var nested: Histogram<UInt64>
        /// How many of the runs ended SUCCEEDED (all should).
        public var succeeded: Int
    }

    /// Runs `executions` of each workflow one after another, after `warmUp` unmeasured ones.
    public static func run(url: AMQPURL, store: any ExecutionStore, executions: Int, warmUp: Int = 20,
                           logger: Logger) async throws -> Result {
        let coordinator = CoordinatorService(store: store, url: url, configuration: .init(), logger: logger)
        var worker = Worker()
        StockHandlers.register(on: &worker, only: ["echo"])
        let service = WorkerService(worker: worker, url: url, configuration: WorkerConfiguration(
            concurrency: 8, prefetch: 8, identity: "latency-worker", connectionName: "latency-worker"), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await coordinator.run() }
            group.addTask { try await service.run() }
            defer { group.cancelAll() }
            let account = "123456789012"
            let suffix = UUID().uuidString.prefix(8)
            func machine(_ name: String, _ definition: String) -> StateMachineRecord {
                StateMachineRecord(arn: "arn:aws:states:us-east-1:\(account):stateMachine:\(name)-\(suffix)", account: account,
                                   name: "\(name)-\(suffix)", definition: definition, roleArn: "arn:aws:iam::\(account):role/bench",
                                   creationDate: Date(), revisionId: UUID().uuidString)
            }
            let tasks = machine("latency-tasks", EndToEndBenchmark.definition)
            let child = machine("latency-child", childDefinition)
            let parent = machine("latency-parent", parentDefinition(child: child.arn))
            for m in [tasks, child, parent] { try await store.createStateMachine(m) }
            try await EndToEndBenchmark.awaitShards(coordinator)
            let launcher = coordinator.launcher
            var succeeded = 0
            func measure(_ m: StateMachineRecord, _ count: Int, _ name: String) async throws -> Histogram<UInt64> {
                var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                for i in 0..<(warmUp + count) {
                    let arn = ARNs.executionArn(stateMachineArn: m.arn, name: "\(name)\(i)")
                    let waiter = launcher.watchEnd(of: arn)
                    let start = ContinuousClock.now
                    _ = try await launcher.start(stateMachine: m, name: "\(name)\(i)", input: "{}")
                    let ended = await waiter.wait(timeout: .seconds(30))
                    let elapsed = ContinuousClock.now - start
                    waiter.cancel()
                    guard ended else { throw LatencyError.timedOut(arn) }
                    guard i >= warmUp else { continue }
                    _ = histogram.record(UInt64(max(1, elapsed / .microseconds(1))))
                    if try await store.getExecution(arn: arn).status == .succeeded { succeeded += 1 }
                }
                return histogram
            }
            let t = try await measure(tasks, executions, "t")
            let n = try await measure(parent, executions, "n")
            return Result(tasks: t, nested: n, succeeded: succeeded)
        }
    }

    enum LatencyError: Error, CustomStringConvertible {
        case timedOut(String)
        var description: String {
            switch self { case .timedOut(let arn): "no end within 30 s: \(arn)" }
        }
    }
}
