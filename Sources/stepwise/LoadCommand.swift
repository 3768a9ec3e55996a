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
            flight. Ctrl-C stops starting and still reports.
            """)

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
    @Option(help: "Write the result as JSON (histograms included) to this file.") var out: String?

    func run() async throws {
        let options: LoadOptions
        do {
            options = try makeOptions()
        } catch let error as LoadRun.Failure {
            FileHandle.standardError.write(Data("stepwise load: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let load = LoadRun(options: options)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let watcher = Task {
            for await _ in signals {
                load.stop()
                break
            }
        }
        defer { watcher.cancel() }
        let result: LoadResult
        do {
            result = try await load.run()
        } catch {
            FileHandle.standardError.write(Data("stepwise load: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(result.summary)
        if let out {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                try encoder.encode(result).write(to: URL(fileURLWithPath: out))
            } catch {
                FileHandle.standardError.write(Data("stepwise load: cannot write \(out): \(error)\n".utf8))
                throw ExitCode(1)
            }
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
        case (nil, nil): throw fail("give --rate (open loop) or --concurrency (closed loop)")
        default: throw fail("give --rate or --concurrency, not both")
        }
        let seconds = try duration.map { text in
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
        let options = LoadOptions(
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
        if let problem = options.problem { throw fail(problem) }
        return options
    }
}
