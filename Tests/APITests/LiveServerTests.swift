import AMQPTesting
import Foundation
import Histogram
import Load
import RabbitMQControl
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real `stepwise dev` (coordinator, stock worker, API) on its own vhost, SQLite file and port,
/// driven by boto3 and the AWS CLI exactly as users drive AWS Step Functions.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct LiveServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stepwise").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : root.appendingPathComponent(".build/debug/stepwise").path
    }

    /// Output and status of a finished child process.
    struct Finished {
        var status: Int32
        var output: String
    }

    /// Runs a program to the end, collecting stdout and stderr together; with `interruptAfter`, sends
    /// it SIGINT (Ctrl-C) that long after it started.
    static func run(_ program: String, _ arguments: [String], env: [String: String] = [:],
                    interruptAfter: Duration? = nil) async throws -> Finished {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let reader = Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }
        let status: Int32 = try await withCheckedThrowingContinuation { c in
            p.terminationHandler = { c.resume(returning: $0.terminationStatus) }
            do { try p.run() } catch { c.resume(throwing: error) }
            if let interruptAfter {
                Task {
                    try? await Task.sleep(for: interruptAfter)
                    p.interrupt()
                }
            }
        }
        return Finished(status: status, output: String(decoding: await reader.value, as: UTF8.self))
    }

    /// Starts `stepwise dev`, runs `body` with its endpoint, then stops it with SIGTERM.
    static func withServer(env extra: [String: String] = [:], _ body: (String) async throws -> Void) async throws {
        try await withServer(env: extra) { endpoint, _ in try await body(endpoint) }
    }

    /// Runs `stepwise dev` for `body`, which gets its endpoint and the path of its log (standard error).
    static func withServer(env extra: [String: String] = [:], _ body: (String, String) async throws -> Void) async throws {
        let vhost = try await TestVhost.create()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = FreePort.pick()
        let log = directory.appendingPathComponent("dev.log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        server.arguments = ["dev"]
        server.environment = ProcessInfo.processInfo.environment.merging([
            "STEPWISE_AMQP_URL": vhost.url, "STEPWISE_STORE": directory.appendingPathComponent("s.db").path,
            "STEPWISE_API_PORT": String(port), "STEPWISE_LOG_LEVEL": "info",
        ].merging(extra) { $1 }) { $1 }
        server.standardError = FileHandle(forWritingAtPath: log)
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning { server.terminate(); server.waitUntilExit() }
            try? FileManager.default.removeItem(at: directory)
            Task { await TestVhost.delete(vhost.name) }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("took shard") {
            guard server.isRunning, ContinuousClock.now < deadline else {
                throw SubprocessFailure(description: "stepwise dev did not come up:\n" + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await body("http://127.0.0.1:\(port)", log)
    }

    @Test("boto3: every action, AWS's error codes, pagination, accounts, signatures, the nested tree")
    func boto3() async throws {
        try await Self.withServer { endpoint in
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_api.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint])
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test("quotas over the API: ExecutionLimitExceeded, ThrottlingException, the open count as an API call and a metric")
    func quotas() async throws {
        let env = ["STEPWISE_QUOTA_MAX_OPEN": "2", "STEPWISE_QUOTA_START_BUCKET": "4", "STEPWISE_QUOTA_START_REFILL": "0.01"]
        try await Self.withServer(env: env) { endpoint in
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_quota.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint])
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test("limits per state machine over the API: tags checked, ExecutionLimitExceeded, queued starts PENDING, stopped, started in order")
    func limits() async throws {
        try await Self.withServer { endpoint in
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_limits.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint])
            #expect(result.status == 0, "\(result.output)")
        }
    }

    @Test("stepwise load, flat scenario at 40/s for 3 s: every start followed to its end, counts add up, the quota sampled")
    func loadFlat() async throws {
        try await Self.withServer { endpoint in
            let options = LoadOptions(
                endpoint: URL(string: endpoint)!, accounts: [AWSCredentials(accessKeyId: "test", secretAccessKey: "test")],
                region: "us-east-1", model: .rate(40), duration: 3, executions: nil, scenario: .flat, drain: 30)
            let result = try await LoadRun(options: options).run()
            #expect(result.counts.started == 120)
            #expect(result.counts.limitExceeded == 0 && result.counts.throttled == 0 && result.counts.otherErrors.isEmpty)
            #expect(result.counts.finished == ["SUCCEEDED": 120])
            #expect(result.counts.open == 0)
            #expect(result.startLatency.totalCount == 120)
            #expect(result.endToEnd.totalCount == 120)
            #expect(result.series.count >= 3)
            #expect(result.series.map(\.starts).reduce(0, +) == 120)
            #expect(result.series.allSatisfy { $0.limit != nil })
            // Followed by listing, not by asking about each execution.
            #expect(result.counts.followCalls >= 1 && result.counts.followCalls < 30)
            #expect(result.counts.followListed >= 120)
            print(result.summary)
        }
    }

    @Test("the AWS CLI creates a state machine, starts it and reads the result")
    func awsCLI() async throws {
        try await Self.withServer { endpoint in
            let env = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1"]
            func aws(_ args: [String]) async throws -> String {
                let r = try await Self.run("/usr/bin/env", ["aws", "stepfunctions"] + args + ["--endpoint-url", endpoint, "--output", "json"], env: env)
                #expect(r.status == 0, "aws \(args): \(r.output)")
                return r.output
            }
            let definition = #"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": "Hello World!", "End": true}}}"#
            let created = try await aws(["create-state-machine", "--name", "HelloWorld", "--definition", definition,
                                         "--role-arn", "arn:aws:iam::123456789012:role/StepFunctionsRole"])
            let smArn = try #require(Self.field(created, "stateMachineArn"))
            #expect(smArn == "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld")
            let started = try await aws(["start-execution", "--state-machine-arn", smArn, "--name", "first"])
            let exArn = try #require(Self.field(started, "executionArn"))
            var status = ""
            for _ in 0..<100 {
                status = Self.field(try await aws(["describe-execution", "--execution-arn", exArn]), "status") ?? ""
                if status != "RUNNING" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == "SUCCEEDED")
            let described = try await aws(["describe-execution", "--execution-arn", exArn])
            #expect(Self.field(described, "output") == "\"Hello World!\"")
            let listed = try await aws(["list-state-machines"])
            #expect(listed.contains("HelloWorld"))
            let bad = try await Self.run("/usr/bin/env", ["aws", "stepfunctions", "describe-state-machine", "--state-machine-arn",
                                                          smArn + "x", "--endpoint-url", endpoint], env: env)
            #expect(bad.status != 0)
            #expect(bad.output.contains("StateMachineDoesNotExist"))
        }
    }

    @Test("the shared conformance corpus through the API passes, histories included, except the known failures")
    func conformance() async throws {
        try await Self.withServer { endpoint in
            let runner = Self.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/run.py").path
            guard FileManager.default.fileExists(atPath: runner) else {
                Issue.record("the conformance runner is missing at \(runner)")
                return
            }
            let report = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString).json").path
            let result = try await Self.run("/usr/bin/env", ["python3", runner, "--endpoint-url", endpoint, "--history", "--jobs", "4",
                                                             "--quiet", "--json-report", report],
                                            env: ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"])
            let summary = result.output.split(separator: "\n").last { $0.hasPrefix("conformance:") } ?? "no summary"
            print("conformance through the API: \(summary)")
            let data = try Data(contentsOf: URL(fileURLWithPath: report))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.count >= 580, "every case ran")
            let known = try String(contentsOfFile: Self.root.appendingPathComponent("Tests/ASLTests/Conformance/known-failures.txt").path,
                                   encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { String($0.split(separator: " ")[0]) }
            let failed = results.filter { ($0["passed"] as? Bool) == false }.map { "\($0["id"] ?? $0["case"] ?? "?"): \($0["message"] ?? "")" }
            let unexpected = failed.filter { line in !known.contains { line.hasPrefix($0 + ":") } }
            #expect(unexpected.isEmpty, "\(unexpected.count) unexpected failures:\n\(unexpected.prefix(30).joined(separator: "\n"))")
        }
    }

    static func field(_ json: String, _ key: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object[key] as? String
    }
}
