public import Foundation
public import Histogram
import JSONValue
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What `stepwise load` is asked to do.
public struct LoadOptions: Sendable {
    public var endpoint: URL
    public var accounts: [AWSCredentials]
    public var region: String
    public var model: LoadModel
    /// Stop starting after this many seconds, and/or this many starts (one of them must be set).
    public var duration: Double?
    public var executions: Int?
    public var scenario: LoadScenario
    /// How long to wait after the last start for open executions to end.
    public var drain: Double
    /// Progress lines go here (a terminal gets one line rewritten each second).
    public var progress: @Sendable (String, Bool) -> Void

    public init(endpoint: URL, accounts: [AWSCredentials], region: String, model: LoadModel, duration: Double?,
                executions: Int?, scenario: LoadScenario, drain: Double = 60,
                progress: @escaping @Sendable (String, Bool) -> Void = { _, _ in }) {
        self.endpoint = endpoint
        self.accounts = accounts
        self.region = region
        self.model = model
        self.duration = duration
        self.executions = executions
        self.scenario = scenario
        self.drain = drain
        self.progress = progress
    }

    /// Why these options cannot run, if they cannot (checked before anything is sent).
    public var problem: String? {
        if let problem = model.problem { return problem }
        if duration == nil && executions == nil { return "give --duration or --executions (or both)" }
        if let d = duration, !(d > 0) { return "--duration must be above 0" }
        if let n = executions, n < 1 { return "--executions must be at least 1" }
        if accounts.isEmpty { return "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or --account KEY:SECRET" }
        if case .existing = scenario, accounts.count > 1 { return "--state-machine-arn runs in one account: give one --account" }
        return nil
    }
}

/// One load run: sets the scenario up, starts executions as the model paces them, follows them to
/// their end, samples the endpoint's open count and bucket (Stepwise), and reports.
public final class LoadRun: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    let options: LoadOptions
    let recorder = LoadRecorder()
    let follower = ExecutionFollower()
    private let stopping = Atomic<Bool>(false)
    private let outstanding = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    /// Still starting (the watcher drains once this is false).
    private let driving = Atomic<Bool>(true)

    public init(options: LoadOptions) {
        self.options = options
    }

    /// Stops starting (Ctrl-C); the run then reports what it measured.
    public func stop() { stopping.store(true, ordering: .relaxed) }
    var stopped: Bool { stopping.load(ordering: .relaxed) }

    public func run() async throws -> LoadResult {
        if let problem = options.problem { throw Failure(description: problem) }
        let clients = try options.accounts.map {
            try StepFunctionsClient(endpoint: options.endpoint, credentials: $0, region: options.region, connections: 128)
        }
        do {
            let result = try await run(clients)
            for client in clients { await client.shutdown() }
            return result
        } catch {
            for client in clients { await client.shutdown() }
            throw error
        }
    }

    private func run(_ clients: [StepFunctionsClient]) async throws -> LoadResult {
        // Before any load: the endpoint answers, the credentials work, the state machine is accepted.
        for client in clients {
            do {
                _ = try await client.call("ListStateMachines", .object(JSONObject([("maxResults", .int(1))])))
            } catch {
                throw Failure(description: "cannot use \(options.endpoint): \(error)")
            }
        }
        let machines = try await setUp(clients)
        let stepwise = (try? await clients[0].call("Stepwise.DescribeAccountQuota", .object(JSONObject()))) != nil
        let byMachine = Dictionary(zip(machines, clients), uniquingKeysWith: { a, _ in a })
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.watch(from: start, clients: clients, byMachine: byMachine, stepwise: stepwise)
            }
            group.addTask {
                await self.drive(from: start, clients: clients, machines: machines)
                self.driving.store(false, ordering: .relaxed)
            }
        }
        await follower.poll(clients: byMachine, recorder: recorder)
        let seconds = (ContinuousClock.now - start).seconds
        let snapshot = recorder.snapshot()
        return LoadResult(endpoint: options.endpoint.absoluteString, scenario: options.scenario.name, model: Self.describe(options.model),
                          seconds: seconds, counts: snapshot.counts, startLatency: snapshot.startLatency,
                          endToEnd: snapshot.endToEnd, series: snapshot.series)
    }

    static func describe(_ model: LoadModel) -> String {
        switch model {
        case .open(let a, let b, let over) where a == b || over == 0: "open loop \(a)/s"
        case .open(let a, let b, let over): "open loop \(a)/s..\(b)/s over \(over) s"
        case .closed(let n): "closed loop, concurrency \(n)"
        }
    }

    /// Creates the scenario's state machine in each account (or checks the given one).
    private func setUp(_ clients: [StepFunctionsClient]) async throws -> [String] {
        if case .existing(let arn, _) = options.scenario {
            do {
                _ = try await clients[0].call("DescribeStateMachine", .object(JSONObject([("stateMachineArn", .string(arn))])))
            } catch {
                throw Failure(description: "cannot use state machine \(arn): \(error)")
            }
            return [arn]
        }
        let definition = options.scenario.definition(region: options.region) ?? ""
        let name = "stepwise-load-\(options.scenario.name)-\(UUID().uuidString.prefix(8).lowercased())"
        var machines: [String] = []
        for client in clients {
            do {
                let created = try await client.call("CreateStateMachine", .object(JSONObject([
                    ("name", .string(name)), ("definition", .string(definition)),
                    ("roleArn", .string("arn:aws:iam::123456789012:role/stepwise-load")),
                ])))
                machines.append(created["stateMachineArn"]?.stringValue ?? "")
            } catch {
                throw Failure(description: "the state machine was refused: \(error)")
            }
        }
        return machines
    }

    /// Starts executions until the bounds are reached or the run is stopped.
    private func drive(from start: ContinuousClock.Instant, clients: [StepFunctionsClient], machines: [String]) async {
        let end = options.duration.map { start + .milliseconds(Int64($0 * 1000)) }
        func more(_ index: Int) -> Bool {
            if stopped { return false }
            if let n = options.executions, index >= n { return false }
            if let end, ContinuousClock.now >= end { return false }
            return true
        }
        await withDiscardingTaskGroup { group in
            switch options.model {
            case .open:
                var index = 0
                while true {
                    let due = start + .microseconds(Int64(options.model.due(index) * 1_000_000))
                    if let end, due >= end { break }
                    if due > ContinuousClock.now { try? await Task.sleep(until: due, clock: .continuous) }
                    guard more(index) else { break }
                    // Far behind (the endpoint or this machine cannot keep up): wait for answers
                    // rather than pile up tasks; the late starts still count from when they were due.
                    while outstanding.load(ordering: .relaxed) > 20_000 && !stopped { try? await Task.sleep(for: .milliseconds(5)) }
                    let i = index
                    outstanding.add(1, ordering: .relaxed)
                    group.addTask {
                        await self.startOne(i, due: due, clients: clients, machines: machines)
                        self.outstanding.subtract(1, ordering: .relaxed)
                    }
                    index += 1
                }
            case .closed(let concurrency):
                for _ in 0..<concurrency {
                    group.addTask {
                        while true {
                            let i = self.nextIndex.add(1, ordering: .relaxed).oldValue
                            guard more(i) else { break }
                            await self.startOne(i, due: nil, clients: clients, machines: machines)
                        }
                    }
                }
            }
        }
    }

    private func startOne(_ index: Int, due: ContinuousClock.Instant?, clients: [StepFunctionsClient], machines: [String]) async {
        let which = index % clients.count
        let sent = ContinuousClock.now
        let body = JSONObject([("stateMachineArn", .string(machines[which])), ("input", .string(options.scenario.input(index)))])
        do {
            let answer = try await clients[which].call("StartExecution", .object(body))
            let micros = UInt64(max(0, (ContinuousClock.now - (due ?? sent)).microseconds))
            recorder.started(micros: micros)
            if let arn = answer["executionArn"]?.stringValue {
                follower.track(arn, machine: machines[which], startMillis: ExecutionFollower.millis(answer["startDate"]))
            }
        } catch {
            let micros = UInt64(max(0, (ContinuousClock.now - (due ?? sent)).microseconds))
            recorder.refused(code: error.code, micros: micros)
        }
    }

    /// Once a second: follows executions, samples the endpoint, prints progress; after the last
    /// start, waits up to `drain` seconds for open executions to end.
    private func watch(from start: ContinuousClock.Instant, clients: [StepFunctionsClient],
                       byMachine: [String: StepFunctionsClient], stepwise: Bool) async {
        var drainEnd: ContinuousClock.Instant?
        var second = 1
        while true {
            try? await Task.sleep(until: start + .seconds(second), clock: .continuous)
            second += 1
            await follower.poll(clients: byMachine, recorder: recorder)
            var open: Int?, limit: Int?, tokens: Double?
            if stepwise, let quota = try? await clients[0].call("Stepwise.DescribeAccountQuota", .object(JSONObject())) {
                open = quota["openExecutions"]?.numberValue?.int
                limit = quota["maxOpenExecutions"]?.numberValue?.int
                tokens = quota["startBucket"]?["tokens"]?.numberValue?.double
            }
            let point = recorder.tick(t: (ContinuousClock.now - start).seconds, open: open, limit: limit, tokens: tokens)
            options.progress(Self.progressLine(point, recorder.counts), false)
            if driving.load(ordering: .relaxed) { continue }
            if drainEnd == nil { drainEnd = ContinuousClock.now + .milliseconds(Int64(options.drain * 1000)) }
            if stopped || follower.openCount == 0 || ContinuousClock.now >= drainEnd! { break }
        }
        options.progress("", true)
    }

    static func progressLine(_ p: LoadResult.Second, _ c: LoadResult.Counts) -> String {
        let limit = p.limit.map { "/\($0)" } ?? ""
        let p99 = p.p99Micros.map { String(format: "%.1f ms", Double($0) / 1000) } ?? "-"
        let errors = c.otherErrors.values.reduce(0, +)
        return String(format: "%5.0fs", p.t) + "  starts \(p.starts)/s  finishes \(p.finishes)/s  open \(p.open)\(limit)"
            + "  limit-refused \(c.limitExceeded)  throttled \(c.throttled)  errors \(errors)  p99 \(p99)"
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
