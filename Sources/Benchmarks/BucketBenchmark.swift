public import AMQP
import AMQPTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import MessagesAMQP
public import StorePostgres
import Store

/// The StartExecution bucket across processes: `coordinators` `stepwise coordinator` processes on
/// one PostgreSQL store, each serving the API, with a bucket of `size` refilling `refill`/s;
/// StartExecution calls arrive at three times the refill rate, spread over the processes, for
/// `seconds`. What the account is admitted beyond the bucket's first fill, per second, is the
/// central bucket's rate; a bucket per process would admit `coordinators` times the refill.
public enum BucketBenchmark {
    public struct Result: Sendable {
        public var admitted: Int
        public var throttled: Int
        public var other: Int
        public var seconds: Double
        /// (admitted − size) ÷ seconds.
        public var admittedPerSecond: Double
    }

    public static func run(url: AMQPURL, queues: QueueProfile, executable: String, store: PostgresExecutionStore, location: String,
                           coordinators: Int, size: Int, refill: Double, seconds: Double) async throws -> Result {
        let ports = (0..<coordinators).map { _ in FreePort.pick() }
        let env = ["STEPWISE_QUOTA_START_BUCKET": String(size), "STEPWISE_QUOTA_START_REFILL": String(refill),
                   "STEPWISE_API_VERIFY_SIGNATURES": "false"]
        let processes = try ports.map { try ScaleBenchmark.spawn(executable, url: url, queues: queues, store: location, apiPort: $0, extra: env) }
        defer { for p in processes where p.isRunning { p.terminate(); p.waitUntilExit() } }
        try await ScaleBenchmark.awaitBalance(store, coordinators: coordinators, processes: processes)
        let account = "123456789012"
        let name = "bucket-\(UUID().uuidString.prefix(8))"
        let machine = "arn:aws:states:us-east-1:\(account):stateMachine:\(name)"
        try await store.createStateMachine(StateMachineRecord(arn: machine, account: account, name: name,
                                                 definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
                                                 roleArn: "arn:aws:iam::\(account):role/bench", creationDate: Date(),
                                                 revisionId: UUID().uuidString))
        let calls = Int(3 * refill * seconds)
        let interval = seconds / Double(calls)
        let begin = ContinuousClock.now
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<calls {
                group.addTask {
                    try await Task.sleep(until: begin + .seconds(Double(i) * interval))
                    return await startExecution(port: ports[i % ports.count], machine: machine, name: "b\(i)")
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - begin
        let duration = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let admitted = codes.filter { $0 == "ok" }.count
        let throttled = codes.filter { $0 == "ThrottlingException" }.count
        return Result(admitted: admitted, throttled: throttled, other: calls - admitted - throttled, seconds: duration,
                      admittedPerSecond: Double(admitted - size) / duration)
    }

    /// One unsigned StartExecution: "ok", or the error's code.
    static func startExecution(port: Int, machine: String, name: String) async -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
        request.httpMethod = "POST"
        request.setValue("AWSStepFunctions.StartExecution", forHTTPHeaderField: "X-Amz-Target")
        request.setValue("application/x-amz-json-1.0", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"stateMachineArn": "\#(machine)", "name": "\#(name)", "input": "{}"}"#.utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return "no answer" }
        if (response as? HTTPURLResponse)?.statusCode == 200 { return "ok" }
        let type = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["__type"] as? String ?? "?"
        return String(type.split(separator: "#").last ?? "")
    }
}
