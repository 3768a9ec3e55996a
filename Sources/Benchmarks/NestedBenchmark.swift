public import AMQP
import Coordinator
import Foundation
public import Logging
public import Store

/// Nested starts against an open-execution limit. The parents are all started first and wait
/// until one common moment (so none is refused for its siblings' children); then each starts its
/// share of the children at once (an inline Map of `startExecution.sync:2` Tasks). Children over
/// the limit are refused with `StepFunctions.ExecutionLimitExceeded` and retried by the Task's
/// `Retry` until slots free up. The account's open count is sampled all along.
public enum NestedBenchmark {
    /// How long a child holds its slot.
    public static let childSeconds = 1
    public static let child = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": \#(childSeconds), "End": true}}}"#
    /// The Retry every child start has.
    public static let retry = #"{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxDelaySeconds": 8, "JitterStrategy": "FULL", "MaxAttempts": 100}"#

    static func parent(child: String) -> String {
        """
        {"StartAt": "Ready", "States": {"Ready": {"Type": "Wait", "TimestampPath": "$.at", "Next": "Each"},
          "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Start", "States": {"Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": "\(child)"}, "Retry": [\(retry)], "End": true}}},
          "ResultSelector": {"children.$": "States.ArrayLength($)"}, "End": true}}}
        """
    }

    public struct Result: Sendable {
        /// Child starts the store accepted (children created).
        public var accepted: Int
        /// Child starts refused with `StepFunctions.ExecutionLimitExceeded` (each one retried).
        public var refused: Int
        /// Children that ended `SUCCEEDED`.
        public var finished: Int
        /// Parents that ended `SUCCEEDED`.
        public var parentsSucceeded: Int
        /// The highest open count sampled, and how many samples were taken.
        public var peakOpen: Int
        public var samples: Int
        /// The open count after the run.
        public var openAtEnd: Int
        /// From the moment the parents start their children to the last parent's end.
        public var seconds: Double
    }

    /// Runs `starts` children from `parents` parents with `coordinators` coordinators and a limit of `maxOpen`.
    /// - Parameters:
    ///   - url: The broker, on a vhost of the benchmark's own.
    ///   - store: An empty store.
    public static func run(url: AMQPURL, store: any ExecutionStore, starts: Int, parents: Int, maxOpen: Int,
                           coordinators: Int, logger: Logger) async throws -> Result {
        let account = "123456789012"
        let quotas = AccountQuotas(defaults: .init(maxOpen: maxOpen))
        let services = (0..<coordinators).map { i in
            CoordinatorService(store: store, url: url, configuration: .init(identity: "bench-nested-\(i)", quotas: quotas), logger: logger)
        }
        // The coordinators run beside the measurement and are cancelled when it ends.
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try? await service.run() } }
            defer { group.cancelAll() }
            return try await measure(services, store: store, account: account, quotas: quotas, starts: starts, parents: parents)
        }
    }

    /// Samples the account's open-execution count every 2 ms until cancelled: the highest seen and how many samples.
    private static func sample(_ store: any ExecutionStore, account: String) async -> (peak: Int, samples: Int) {
        var (peak, samples) = (0, 0)
        while !Task.isCancelled {
            do { peak = max(peak, try await store.openExecutionCount(account: account)) } catch where Task.isCancelled { break } catch {}
            samples += 1
            try? await Task.sleep(for: .milliseconds(2))
        }
        return (peak, samples)
    }

    private static func measure(_ services: [CoordinatorService], store: any ExecutionStore, account: String,
                                quotas: AccountQuotas, starts: Int, parents: Int) async throws -> Result {
        func machine(_ name: String, _ definition: String) async throws -> StateMachineRecord {
            let record = StateMachineRecord(arn: "arn:aws:states:us-east-1:\(account):stateMachine:\(name)", account: account,
                                            name: name, definition: definition, roleArn: "arn:aws:iam::\(account):role/bench",
                                            creationDate: Date(), revisionId: UUID().uuidString)
            try await store.createStateMachine(record)
            return record
        }
        let child = try await machine("NestedChild", child)
        let parent = try await machine("NestedParent", parent(child: child.arn))
        while try await store.liveLeases(prefix: "shard.", now: Date()).count < Shards.count {
            try await Task.sleep(for: .milliseconds(50))
        }

        // Every parent waits until `release`, then starts its children; the open count is sampled meanwhile.
        let release = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
        let ((arns, ended), (peak, samples)) = try await whileSampling(store, account: account) {
            let at = ISO8601DateFormatter().string(from: release)
            var arns: [String] = []
            for i in 0..<parents {
                let items = (0..<(starts / parents + (i < starts % parents ? 1 : 0))).map(String.init).joined(separator: ",")
                arns.append(try await services[0].launcher.start(stateMachine: parent, name: "parent-\(i)",
                                                                 input: #"{"at": "\#(at)", "items": [\#(items)]}"#,
                                                                 quota: quotas.quota(account: account, nested: false)).arn)
            }
            var ended: [ExecutionRecord] = []
            for arn in arns {
                var record = try await store.getExecution(arn: arn)
                while record.status == .running {
                    try await Task.sleep(for: .milliseconds(100))
                    record = try await store.getExecution(arn: arn)
                }
                ended.append(record)
            }
            return (arns, ended)
        }
        let seconds = Date().timeIntervalSince(release)

        var result = Result(accepted: 0, refused: 0, finished: 0, parentsSucceeded: ended.filter { $0.status == .succeeded }.count,
                            peakOpen: peak, samples: samples, openAtEnd: try await store.openExecutionCount(account: account),
                            seconds: seconds)
        for arn in arns {
            let children = try await store.children(of: arn)
            result.accepted += children.count
            result.finished += children.filter { $0.status == .succeeded }.count
            var after: Int64? = nil
            while true {
                let page = try await store.history(HistoryQuery(executionArn: arn, after: after, limit: 1000))
                result.refused += page.filter { $0.type == "TaskFailed" && $0.details.contains("StepFunctions.ExecutionLimitExceeded") }.count
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
        }
        return result
    }

    /// Runs `body` while the sampler runs beside it; returns its result, the highest open count
    /// seen and how many samples were taken.
    private static func whileSampling<T: Sendable>(_ store: any ExecutionStore, account: String,
                                                   _ body: () async throws -> T) async throws -> (T, (peak: Int, samples: Int)) {
        try await withThrowingTaskGroup(of: (peak: Int, samples: Int).self) { group in
            group.addTask { await sample(store, account: account) }
            let value: T
            do {
                value = try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            let sampled = try await group.next() ?? (0, 0)
            return (value, sampled)
        }
    }
}
