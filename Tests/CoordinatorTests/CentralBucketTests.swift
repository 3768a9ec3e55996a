import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// The StartExecution bucket is kept in the store: coordinator processes that share a PostgreSQL
/// store admit the configured rate between them, not that rate each.
@Suite(.timeLimit(.minutes(3)))
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
            let outcomes = try await withThrowingTaskGroup(of: (String, ContinuousClock.Instant).self) { group in
                for i in 0..<200 {
                    group.addTask {
                        try await Task.sleep(until: begin + .milliseconds(i * 25))
                        let code = try await Self.startExecution(port: processes[i % 3].apiPort, machine: machine.arn, name: "b\(i)")
                        return (code, ContinuousClock.now)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = outcomes.filter { $0.0 == "ok" }
            let throttled = outcomes.filter { $0.0 == "ThrottlingException" }
            #expect(admitted.count + throttled.count == 200, "\(Set(outcomes.map(\.0)))")
            let last = admitted.map(\.1).max() ?? begin
            let elapsed = Double((last - begin).components.attoseconds) / 1e18 + Double((last - begin).components.seconds)
            let allowed = 20 + 10 * elapsed
            #expect(Double(admitted.count) <= allowed + 10, "admitted \(admitted.count) in \(elapsed) s")
            #expect(Double(admitted.count) >= allowed - 10, "admitted \(admitted.count) in \(elapsed) s")
            // Each process admitted some: the bucket is shared, not one process's.
            #expect(Set(outcomes.enumerated().filter { $0.element.0 == "ok" }.map { $0.offset % 3 }).count == 3)
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
