import Foundation
import Histogram
import JSONValue
import Load
import Testing

/// `stepwise load`'s built-in scenarios against a real `stepwise dev` (RabbitMQ, SQLite).
extension LiveServerTests {
    static let loadAccount = AWSCredentials(accessKeyId: "test", secretAccessKey: "test")

    @Test("stepwise load, mixed at 10/s for 2 s: every kind runs to SUCCEEDED, tokens answered, per-Task figures from the histories")
    func loadMixed() async throws {
        try await Self.withServer { endpoint in
            let options = LoadOptions(
                endpoint: URL(string: endpoint)!, accounts: [Self.loadAccount], region: "us-east-1", model: .rate(10),
                duration: 2, executions: nil, scenario: .mixed, shape: ScenarioShape(fanOut: 3, mapItems: 4, callbackDelay: 0.5),
                drain: 60)
            let result = try await LoadRun(options: options).run()
            // Of every 20 starts: 12 flat, 3 nested, 2 map, 3 callback.
            #expect(result.counts.started == 20)
            #expect(result.counts.limitExceeded == 0 && result.counts.throttled == 0 && result.counts.otherErrors.isEmpty)
            #expect(result.counts.finished == ["SUCCEEDED": 20])
            #expect(result.counts.open == 0)
            #expect(result.counts.callbacksAnswered == 3)
            let tasks = try #require(result.tasks)
            #expect(tasks.sampled == 20)
            #expect(tasks.limitRetries == 0)
            #expect(Set(tasks.run.keys) == ["flat/A", "flat/B", "flat/C", "nested/Start", "map/Start", "callback/Ask"])
            #expect(tasks.run["flat/A"]?.totalCount == 12)
            #expect(tasks.run["nested/Start"]?.totalCount == 9)
            #expect(tasks.run["map/Start"]?.totalCount == 8)
            // The callback's Task runs until the tool answers, at least the delay after the start.
            #expect((tasks.run["callback/Ask"]?.min ?? 0) >= 450_000)
            #expect(result.summary.contains("callback/Ask run"))
            try await Self.checkReport(result)
        }
    }

    @Test("stepwise load, a Map of 200 nested children under a limit of 20: the open count never above 20, every child finished")
    func loadMapAtTheLimit() async throws {
        try await Self.withServer(env: ["STEPWISE_QUOTA_MAX_OPEN": "20"]) { endpoint in
            let options = LoadOptions(
                endpoint: URL(string: endpoint)!, accounts: [Self.loadAccount], region: "us-east-1", model: .rate(1),
                duration: nil, executions: 1, scenario: .map, shape: ScenarioShape(mapItems: 200), drain: 240)
            let result = try await LoadRun(options: options).run()
            #expect(result.counts.started == 1)
            #expect(result.counts.finished == ["SUCCEEDED": 1])
            #expect(!result.series.isEmpty)
            #expect(result.series.allSatisfy { $0.limit == 20 && $0.open <= 20 }, "\(result.series.map(\.open))")
            // 200 children behind a limit of 20 (the parent holds one slot): some starts were refused and retried.
            let tasks = try #require(result.tasks)
            #expect(tasks.limitRetries > 0)
            // Every attempt is measured: 200 that started a child, and the refused ones.
            #expect(tasks.run["map/Start"]?.totalCount == 200 + UInt64(tasks.limitRetries))
            // Every child ran, to SUCCEEDED, once.
            let client = try StepFunctionsClient(endpoint: URL(string: endpoint)!, credentials: Self.loadAccount, region: "us-east-1")
            let statuses: [String: Int]
            do {
                statuses = try await Self.childStatuses(client)
                await client.shutdown()
            } catch {
                await client.shutdown()
                throw error
            }
            #expect(statuses == ["SUCCEEDED": 200])
        }
    }

    /// Opens the run's HTML report in headless Chromium (Selenium): every plot drawn, nothing fetched
    /// from beyond the page; the screenshot is kept in .build/test-artifacts.
    static func checkReport(_ result: LoadResult) async throws {
        let artifacts = root.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = artifacts.appendingPathComponent("load-report.html")
        try HTMLReport.render(result).write(to: page, atomically: true, encoding: .utf8)
        let script = root.appendingPathComponent("Tests/APITests/python/check_report.py").path
        let checked = try await run("/usr/bin/env", ["python3", script, page.path, artifacts.appendingPathComponent("load-report.png").path,
                                                     String(result.counts.started)])
        #expect(checked.status == 0, "\(checked.output)")
    }

    /// The statuses of the executions of the run's child state machine.
    static func childStatuses(_ client: StepFunctionsClient) async throws -> [String: Int] {
        let machines = try await client.call("ListStateMachines", .object(JSONObject()))["stateMachines"]?.arrayValue ?? []
        let child = try #require(machines.first { $0["name"]?.stringValue?.hasPrefix("stepwise-load-child-") == true }?["stateMachineArn"]?.stringValue)
        var statuses: [String: Int] = [:]
        var token: String?
        repeat {
            var body = JSONObject([("stateMachineArn", .string(child)), ("maxResults", .int(1000))])
            if let token { body["nextToken"] = .string(token) }
            let page = try await client.call("ListExecutions", .object(body))
            for e in page["executions"]?.arrayValue ?? [] { statuses[e["status"]?.stringValue ?? "?", default: 0] += 1 }
            token = page["nextToken"]?.stringValue
        } while token != nil
        return statuses
    }

    @Test("stepwise load in two accounts: one held at its own limit of 5, the other never refused (quotas are per account)")
    func loadTwoAccounts() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("accounts-\(UUID().uuidString).yaml")
        try """
            accounts:
              - id: "123456789012"
                access_keys:
                  - {id: test, secret: test}
                quotas: {max_open: 5}
              - id: "210987654321"
                access_keys:
                  - {id: test2, secret: test2}
            """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        try await Self.withServer(env: ["STEPWISE_CONFIG": config.path]) { endpoint in
            // Each callback start holds two executions (the parent and its child) for 2 s.
            let options = LoadOptions(
                endpoint: URL(string: endpoint)!,
                accounts: [Self.loadAccount, AWSCredentials(accessKeyId: "test2", secretAccessKey: "test2")],
                region: "us-east-1", model: .rate(10), duration: 2, executions: nil, scenario: .callback,
                shape: ScenarioShape(callbackDelay: 2), drain: 60)
            let result = try await LoadRun(options: options).run()
            let accounts = try #require(result.accounts)
            #expect(accounts.map(\.accessKeyId) == ["test", "test2"])
            let (held, free) = (accounts[0], accounts[1])
            #expect(held.started + held.limitExceeded == 10 && held.limitExceeded > 0, "\(held)")
            #expect(held.limit == 5 && (held.maxOpen ?? 99) <= 5, "\(held)")
            #expect(free.started == 10 && free.limitExceeded == 0 && free.throttled == 0, "\(free)")
            #expect(free.limit == 1_000_000)
            #expect(result.counts.finished == ["SUCCEEDED": held.started + 10])
            #expect(result.summary.contains("account test: started \(held.started), ExecutionLimitExceeded \(held.limitExceeded)"))
            let page = try HTMLReport.render(result)
            #expect(page.contains("<td>test2</td><td>10</td><td>0</td>"))
            // The tool's count of limit errors is the server's own.
            let metrics = try String(contentsOf: URL(string: endpoint + "/metrics")!, encoding: .utf8)
            let counted = metrics.split(separator: "\n").first {
                $0.hasPrefix("stepwise_start_refusals_total{") && $0.contains(#"account="123456789012""#)
                    && $0.contains(#"error="ExecutionLimitExceeded""#) && $0.contains(#"source="api""#)
            }
            #expect(counted.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } == held.limitExceeded, "\(metrics)")
            #expect(!metrics.contains(#"stepwise_start_refusals_total{account="210987654321""#))
        }
    }

    @Test("stepwise load from the command line: a definition the endpoint refuses stops it before any load; Ctrl-C stops a run and still writes the summary and --out")
    func loadCommandLine() async throws {
        try await Self.withServer { endpoint in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let env = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"]
            let bad = directory.appendingPathComponent("bad.json").path
            try #"{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}"#.write(toFile: bad, atomically: true, encoding: .utf8)
            let refused = try await Self.run(Self.binary, ["load", "--endpoint-url", endpoint, "--definition", bad,
                                                           "--rate", "10/s", "--duration", "5s"], env: env)
            #expect(refused.status == 1)
            #expect(refused.output.contains("the state machine was refused: InvalidDefinition"), "\(refused.output)")
            #expect(!refused.output.contains("started"))

            let out = directory.appendingPathComponent("result.json")
            let run = try await Self.run(Self.binary, ["load", "--endpoint-url", endpoint, "--rate", "20/s", "--duration", "120s",
                                                       "--out", out.path], env: env, interruptAfter: .seconds(3))
            let (status, output) = (run.status, run.output)
            #expect(status == 0, "\(output)")
            #expect(output.contains("flat on \(endpoint)"), "\(output)")
            let data = try Data(contentsOf: out)
            let result = try JSONDecoder().decode(LoadResult.self, from: data)
            // Stopped after about 3 s of 20/s, not 120 s.
            #expect((30...100).contains(result.counts.started), "\(result.counts)")
            #expect(result.startSeconds < 10)
        }
    }
}
