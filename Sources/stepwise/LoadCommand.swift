import ArgumentParser
import Foundation
import Load
import UnixSignals
#if canImport(Glibc)
import Glibc
#endif

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-tests a Step Functions endpoint: starts executions at a rate or concurrency, follows them to their end, reports latency and limits.",
        discussion: """
            Drives a Stepwise cluster (the default endpoint) or any endpoint that speaks the AWS Step Functions API, \
            signing with Signature Version 4 (credentials and region from the AWS environment variables and profile \
            files, or --account). Open loop (--rate 500/s, or a ramp --rate 100/s..2000/s --over 60s) times each start \
            from when it was due, so stalls are not hidden; closed loop (--concurrency 64) keeps that many starts in \
            flight. Ctrl-C stops starting and still reports. `stepwise load compare A.json B.json` compares two runs \
            written with --out.
            """,
        subcommands: [LoadCompareCommand.self])

    @Option(help: "The endpoint.") var endpointUrl = "http://127.0.0.1:8083"
    @Option(help: "The region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, else us-east-1).") var region: String?
    @Option(help: "KEY:SECRET of an account to start in; repeat for several (starts go round them).") var account: [String] = []
    @Option(help: "Open loop: starts per second (500/s, 30/m), or a ramp (100/s..2000/s with --over).") var rate: String?
    @Option(help: "The length of a ramp (60s, 2m).") var over: String?
    @Option(help: "Closed loop: starts in flight at once.") var concurrency: Int?
    @Option(help: "Stop starting after this long (30s, 2m).") var duration: String?
    @Option(help: "Stop after this many starts.") var executions: Int?
    @Option(help: ArgumentHelp("Built-in scenario: flat, nested, map, callback or mixed.", discussion: """
        flat: 3 Tasks on the stock worker's echo. nested: a Parallel of --fan-out .sync:2 children. map: a Map of \
        --map-items .sync:2 children. Children's starts retry on StepFunctions.ExecutionLimitExceeded. callback: a \
        child started with .waitForTaskToken, answered by this tool after --callback-delay. mixed: of every 20 \
        starts 12 flat, 3 nested, 2 map, 3 callback.
        """)) var scenario = "flat"
    @Option(help: "nested: children per parent.") var fanOut = 3
    @Option(help: "map: children per parent.") var mapItems = 10
    @Option(help: "callback: seconds until the tool answers a token.") var callbackDelay: Double = 1
    @Option(help: "A state machine definition (JSON file) to run instead of a built-in scenario.") var definition: String?
    @Option(help: ArgumentHelp("The input of every start (a JSON file; default {}).", discussion: """
        It may hold Mustache tags, rendered for each start: {{index}} (0, 1, 2, ...), {{uuid}}, {{random}} \
        (0 to 999999999), {{timestamp}} (seconds since 1970).
        """)) var input: String?
    @Option(help: "The role ARN of the state machines the run creates.") var roleArn = "arn:aws:iam::123456789012:role/stepwise-load"
    @Option(help: "An existing state machine to start instead.") var stateMachineArn: String?
    @Option(help: "Seconds to wait after the last start for open executions to end.") var drain: Double = 60
    @Flag(help: "Count starts only: do not follow executions to their end (no finishes, end-to-end latency or per-Task figures).")
    var noFollow = false
    @Option(help: "Write the result as JSON (histograms included) to this file.") var out: String?
    @Option(help: "Write a self-contained HTML report with plots to this file.") var report: String?
    @Flag(help: ArgumentHelp("Search for the highest open-loop start rate the endpoint sustains.", discussion: """
        Steps of --step at one rate each, from --rate (default 50/s): the rate doubles until a step fails, then \
        bisects to within 10 %. A step passes when the starts kept up with the rate, p99 StartExecution latency \
        stayed under --p99-under, and no start failed except at the account's limit (ExecutionLimitExceeded). \
        --out and --report describe the highest step that passed.
        """)) var findMax = false
    @Option(help: "--find-max: the p99 StartExecution latency bound (100ms, 1s).") var p99Under = "100ms"
    @Option(help: "--find-max: how long each step runs (10s).") var step = "10s"

    func run() async throws {
        let options: LoadOptions
        do {
            options = try makeOptions()
        } catch let error as LoadRun.Failure {
            FileHandle.standardError.write(Data("stepwise load: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let result: LoadResult
        do {
            if findMax {
                guard let found = try await searchMax(options) else { throw ExitCode(1) }
                result = found
            } else {
                let load = LoadRun(options: options)
                result = try await whileTrapping({ load.stop() }) { try await load.run() }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("stepwise load: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(result.summary)
        var failed = false
        if let out {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            failed = !write(out) { try encoder.encode(result) } || failed
        }
        if let report {
            failed = !write(report) { Data(try HTMLReport.render(result).utf8) } || failed
        }
        if failed { throw ExitCode(1) }
    }

    /// `--find-max`: prints each step and the rate found; the highest step that passed, if one did.
    private func searchMax(_ options: LoadOptions) async throws -> LoadResult? {
        guard case .open(let from, _, _) = options.model, let bound = LoadModel.parse(duration: p99Under),
              let stepSeconds = LoadModel.parse(duration: step) else { return nil }
        let search = FindMax(options: options, search: RateSearch(from: from, p99BoundMillis: bound * 1000), stepSeconds: stepSeconds)
        let outcome = try await whileTrapping({ search.stop() }) { try await search.run() }
        print(outcome.summary)
        return outcome.best
    }

    /// Runs `body`; Ctrl-C or SIGTERM meanwhile calls `stop` (the run then ends early and reports).
    private func whileTrapping<T: Sendable>(_ stop: @escaping @Sendable () -> Void, _ body: () async throws -> T) async throws -> T {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals {
                    stop()
                    return
                }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Writes a result file; false (with the reason on stderr) if it cannot.
    private func write(_ path: String, _ bytes: () throws -> Data) -> Bool {
        do {
            try bytes().write(to: URL(fileURLWithPath: path))
            return true
        } catch {
            FileHandle.standardError.write(Data("stepwise load: cannot write \(path): \(error)\n".utf8))
            return false
        }
    }

    private func makeOptions() throws -> LoadOptions {
        func fail(_ message: String) -> LoadRun.Failure { LoadRun.Failure(description: message) }
        guard let endpoint = URL(string: endpointUrl), endpoint.host != nil, ["http", "https"].contains(endpoint.scheme ?? "") else {
            throw fail("--endpoint-url: '\(endpointUrl)' is not an http:// or https:// URL")
        }
        let model: LoadModel
        switch (rate, concurrency) {
        case (let rate?, nil):
            let seconds = try over.map { text in
                guard let s = LoadModel.parse(duration: text) else { throw fail("--over: '\(text)' is not a duration (60s, 2m)") }
                return s
            }
            guard let parsed = LoadModel.parse(rate: rate, over: seconds) else {
                throw fail("--rate: '\(rate)' is not a rate (500/s) or a ramp (100/s..2000/s with --over)")
            }
            model = parsed
        case (nil, let n?): model = .closed(concurrency: n)
        case (nil, nil) where findMax: model = .rate(50)
        case (nil, nil): throw fail("give --rate (open loop) or --concurrency (closed loop)")
        default: throw fail("give --rate or --concurrency, not both")
        }
        if findMax {
            guard case .open(let a, let b, _) = model, a == b else { throw fail("--find-max: give --rate as the first rate to try (50/s), not a ramp or --concurrency") }
            guard (LoadModel.parse(duration: p99Under) ?? 0) > 0 else { throw fail("--p99-under: '\(p99Under)' is not a duration (100ms, 1s)") }
            guard (LoadModel.parse(duration: step) ?? 0) >= 1 else { throw fail("--step: '\(step)' is not a duration of 1s or more") }
        }
        let seconds = try (findMax ? step : duration).map { text in
            guard let s = LoadModel.parse(duration: text) else { throw fail("--duration: '\(text)' is not a duration (30s, 2m)") }
            return s
        }
        let inputText = try input.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("--input: cannot read \(path)") }
            return text
        } ?? "{}"
        let template: InputTemplate
        do {
            template = try InputTemplate(inputText)
        } catch {
            throw fail("--input: \(error)")
        }
        let chosen: LoadScenario
        if let arn = stateMachineArn {
            chosen = .existing(arn: arn, input: template)
        } else if let path = definition {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("--definition: cannot read \(path)") }
            chosen = .definition(text, input: template)
        } else {
            guard let builtIn = LoadScenario.builtIn[scenario] else {
                throw fail("--scenario: '\(scenario)' is not a scenario (flat, nested, map, callback, mixed)")
            }
            chosen = builtIn
        }
        let (found, foundRegion) = AWSCredentials.resolve()
        var accounts: [AWSCredentials] = []
        for pair in account {
            guard let credentials = AWSCredentials(pair: pair) else { throw fail("--account: '\(pair)' is not KEY:SECRET") }
            accounts.append(credentials)
        }
        if accounts.isEmpty, let found { accounts = [found] }
        let terminal = isatty(STDOUT_FILENO) == 1
        var options = LoadOptions(
            endpoint: endpoint, accounts: accounts, region: region ?? foundRegion ?? "us-east-1", model: model, duration: seconds,
            executions: executions, scenario: chosen,
            shape: ScenarioShape(fanOut: fanOut, mapItems: mapItems, callbackDelay: callbackDelay), roleArn: roleArn, drain: drain,
            progress: { line, done in
                if terminal {
                    let text = "\r" + line.padding(toLength: max(line.count, 110), withPad: " ", startingAt: 0) + (done ? "\n" : "")
                    FileHandle.standardOutput.write(Data(text.utf8))
                } else if !line.isEmpty {
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                }
            })
        options.follow = !noFollow
        if let problem = options.problem { throw fail(problem) }
        // The result files can be written (checked before the load, not after it).
        for (option, path) in [("--out", out), ("--report", report)] {
            guard let path else { continue }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: directory) else { throw fail("\(option): cannot write \(path) (its directory is missing or not writable)") }
        }
        return options
    }
}

struct LoadCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compares two runs written with --out: counts, rates and latency percentiles, with B's change from A.")

    @Argument(help: "The first run (A), a JSON file from --out.") var a: String
    @Argument(help: "The second run (B).") var b: String

    func run() throws {
        func read(_ path: String) throws -> LoadResult {
            do {
                return try JSONDecoder().decode(LoadResult.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                FileHandle.standardError.write(Data("stepwise load compare: \(path) is not a result written with --out: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        print(LoadComparison.text(try read(a), try read(b), names: (URL(fileURLWithPath: a).lastPathComponent, URL(fileURLWithPath: b).lastPathComponent)))
    }
}
