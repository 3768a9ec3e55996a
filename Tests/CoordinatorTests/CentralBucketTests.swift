import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// The StartExecution bucket is kept in the store: coordinator processes that share a PostgreSQL
/// store admit the configured rate between them, not that rate each.
@Suite(.timeLimit(.minutes(6)))
struct CentralBucketTests {
    @Test("three coordinator processes, a bucket of 20 refilling 10/s, 200 StartExecution calls over 5 s through their three APIs: 20 + 10 per second admitted, the rest ThrottlingException")
    func threeCoordinatorsShareOneBucket() async throws {
        try await Cluster.with(coordinators: 0, workers: 0, postgres: true) { cluster in
            let machine = try await cluster.createMachine("bucket", #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
            let env = ["STEPWISE_QUOTA_START_BUCKET": "20", "STEPWISE_QUOTA_START_REFILL": "10", "STEPWISE_API_VERIFY_SIGNATURES": "false"]
            let processes = try (0..<3).map { _ in try StepwiseProcess(["coordinator"], cluster: cluster, extra: env) }
            defer { for p in processes { p.stop() } }
            for p in processes { try await p.waitFor("API listening") }
            let begin = ContinuousClock.now
            // 40 calls a second (four times the refill), spread over the three processes.
            let outcomes = try await withThrowingTaskGroup(of: (code: String, sent: Date, answered: Date, process: Int).self) { group in
                for i in 0..<200 {
                    group.addTask {
                        try await Task.sleep(until: begin + .milliseconds(i * 25))
                        let sent = Date()
                        let code = try await Self.startExecution(port: processes[i % 3].apiPort, machine: machine.arn, name: "b\(i)")
                        return (code, sent, Date(), i % 3)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = outcomes.filter { $0.code == "ok" }.count
            let throttled = outcomes.filter { $0.code == "ThrottlingException" }
            #expect(admitted + throttled.count == 200, "\(Set(outcomes.map(\.code)))")
            // The bucket's arithmetic: a take refills it from the latest take time seen so far (each
            // call's start date, taken when it reached a process); it is full (20) at the first take.
            let starts = try await cluster.store.listExecutions(ExecutionFilter(.stateMachine(machine.arn)), page: PageRequest(limit: 1000))
                .items.map(\.startDate)
            #expect(starts.count == admitted)
            let first = try #require(starts.min())
            // At most what had been put in by the last take (no take is later than its answer)...
            let last = max(try #require(starts.max()), throttled.map(\.answered).max() ?? first)
            #expect(Double(admitted) <= 20 + 10 * last.timeIntervalSince(first) + 1, "admitted \(admitted) over \(last.timeIntervalSince(first)) s")
            // ...and at least what had been put in when the last refused call was sent (the bucket was
            // empty when it was refused, later), less one refill: the bucket starts at the first take
            // it processes, whose start date may be later than another's in the same batch.
            let lastRefused = try #require(throttled.map(\.sent).max())
            #expect(Double(admitted) >= 20 + 10 * lastRefused.timeIntervalSince(first) - 10,
                    "admitted \(admitted); last refusal sent \(lastRefused.timeIntervalSince(first)) s after the first take")
            // Each process admitted some: the bucket is shared, not one process's.
            #expect(Set(outcomes.filter { $0.code == "ok" }.map(\.process)).count == 3)
        }
    }

    /// StartExecution over HTTP (unsigned: the processes run with signatures off); "ok" or the error code.
    static func startExecution(port: Int, machine: String, name: String) async throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
        request.httpMethod = "POST"
        request.setValue("AWSStepFunctions.StartExecution", forHTTPHeaderField: "X-Amz-Target")
        request.setValue("application/x-amz-json-1.0", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["stateMachineArn": machine, "name": name, "input": "{}"])
        let (data, response) = try await URLSession.shared.data(for: request)
        if (response as? HTTPURLResponse)?.statusCode == 200 { return "ok" }
        let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let type = (body?["__type"] as? String) ?? "status \((response as? HTTPURLResponse)?.statusCode ?? 0)"
        return String(type.split(separator: "#").last ?? "")
    }
}
