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
    /// The sizes of the built-in scenarios.
    public var shape: ScenarioShape
    /// The role the run's state machines are created with (AWS checks it; Stepwise records it).
    public var roleArn: String
    /// How long to wait after the last start for open executions to end.
    public var drain: Double
    /// Histories read at the end for per-Task figures, per kind of execution (0: none).
    public var historySample = 100
    /// Follow each execution to its end (`--no-follow`: count starts only, as wrk would).
    public var follow = true
    /// Progress lines go here (a terminal gets one line rewritten each second).
    public var progress: @Sendable (String, Bool) -> Void

    public init(endpoint: URL, accounts: [AWSCredentials], region: String, model: LoadModel, duration: Double?,
                executions: Int?, scenario: LoadScenario, shape: ScenarioShape = ScenarioShape(),
                roleArn: String = "arn:aws:iam::123456789012:role/stepwise-load", drain: Double = 60,
                progress: @escaping @Sendable (String, Bool) -> Void = { _, _ in }) {
        self.endpoint = endpoint
        self.accounts = accounts
        self.region = region
        self.model = model
        self.duration = duration
        self.executions = executions
        self.scenario = scenario
        self.shape = shape
        self.roleArn = roleArn
        self.drain = drain
        self.progress = progress
    }

    /// Why these options cannot run, if they cannot (checked before anything is sent).
    public var problem: String? {
        if let problem = model.problem { return problem }
        if let problem = shape.problem { return problem }
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
    let recorder: LoadRecorder
    let follower = ExecutionFollower()
    let answerer: CallbackAnswerer
    let sample: HistorySample
    private let stopping = Atomic<Bool>(false)
    private let outstanding = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    /// Still starting (the watcher drains once this is false).
    private let driving = Atomic<Bool>(true)
    private let drivenMicros = Atomic<Int64>(0)
    /// The watcher has ended the run (done draining, or stopped).
    private let watching = Atomic<Bool>(true)

    public init(options: LoadOptions) {
        self.options = options
        self.recorder = LoadRecorder(accessKeyIds: options.accounts.map(\.accessKeyId))
        self.answerer = CallbackAnswerer(delay: options.shape.callbackDelay)
        self.sample = HistorySample(perKind: options.follow ? options.historySample : 0)
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
        let byMachine = Dictionary(zip(machines, clients).flatMap { set, client in set.byKind.values.map { ($0, client) } },
                                   uniquingKeysWith: { a, _ in a })
        let start = ContinuousClock.now
        let cpuAtStart = Self.cpuSeconds()
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.watch(from: start, clients: clients, byMachine: byMachine, stepwise: stepwise)
                self.watching.store(false, ordering: .relaxed)
            }
            if options.scenario.kinds.contains(.callback) {
                group.addTask { await self.answerer.run(clients: clients) { !self.watching.load(ordering: .relaxed) } }
            }
            group.addTask {
                await self.drive(from: start, clients: clients, machines: machines)
                self.drivenMicros.store((ContinuousClock.now - start).microseconds, ordering: .relaxed)
                self.driving.store(false, ordering: .relaxed)
            }
        }
        if options.follow { await follower.poll(clients: byMachine, recorder: recorder) }
        let seconds = (ContinuousClock.now - start).seconds
        let tasks = await sample.read(clients: clients)
        var snapshot = recorder.snapshot()
        snapshot.counts.callbacksAnswered = answerer.answered
        var result = LoadResult(endpoint: options.endpoint.absoluteString, scenario: options.scenario.name, model: Self.describe(options.model),
                          seconds: seconds, startSeconds: Double(drivenMicros.load(ordering: .relaxed)) / 1e6, counts: snapshot.counts, startLatency: snapshot.startLatency,
                          endToEnd: snapshot.endToEnd, series: snapshot.series, tasks: tasks)
        result.followed = options.follow
        result.toolCPUSeconds = Self.cpuSeconds() - cpuAtStart
        result.accounts = snapshot.accounts.isEmpty ? nil : snapshot.accounts
        return result
    }

    /// This process's CPU time so far (user and system), in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func describe(_ model: LoadModel) -> String {
        switch model {
        case .open(let a, let b, let over) where a == b || over == 0: "open loop \(a)/s"
        case .open(let a, let b, let over): "open loop \(a)/s..\(b)/s over \(over) s"
        case .closed(let n): "closed loop, concurrency \(n)"
        }
    }

    /// The state machines of one account: one per kind the scenario starts, and the children.
    struct Machines: Sendable {
        var byKind: [LoadKind: String] = [:]
        var callbackChild: String?
    }

    /// Creates the scenario's state machines in each account (or checks the given one).
    private func setUp(_ clients: [StepFunctionsClient]) async throws -> [Machines] {
        if case .existing(let arn, _) = options.scenario {
            do {
                _ = try await clients[0].call("DescribeStateMachine", .object(JSONObject([("stateMachineArn", .string(arn))])))
            } catch {
                throw Failure(description: "cannot use state machine \(arn): \(error)")
            }
            return [Machines(byKind: [.custom: arn])]
        }
        let run = UUID().uuidString.prefix(8).lowercased()
        var all: [Machines] = []
        for client in clients {
            func create(_ kind: String, _ definition: JSON) async throws -> String {
                do {
                    let created = try await client.call("CreateStateMachine", .object(JSONObject([
                        ("name", .string("stepwise-load-\(kind)-\(run)")), ("definition", .string(definition.serialized())),
                        ("roleArn", .string(options.roleArn)),
                    ])))
                    return created["stateMachineArn"]?.stringValue ?? ""
                } catch {
                    throw Failure(description: "the state machine was refused: \(error)")
                }
            }
            var machines = Machines()
            if case .definition(let text, _) = options.scenario {
                guard let definition = try? JSON(parsing: text) else { throw Failure(description: "--definition: not JSON") }
                machines.byKind[.custom] = try await create("definition", definition)
                all.append(machines)
                continue
            }
            let kinds = options.scenario.kinds
            let region = options.region
            var child = ""
            if kinds.contains(.nested) || kinds.contains(.map) { child = try await create("child", ScenarioDefinitions.child(region: region)) }
            if kinds.contains(.callback) { machines.callbackChild = try await create("callback-child", ScenarioDefinitions.callbackChild()) }
            for kind in kinds {
                let definition: JSON = switch kind {
                case .flat, .custom: ScenarioDefinitions.flat(region: region)
                case .nested: ScenarioDefinitions.nested(child: child, fanOut: options.shape.fanOut)
                case .map: ScenarioDefinitions.map(child: child)
                case .callback: ScenarioDefinitions.callback(child: machines.callbackChild ?? "")
                }
                machines.byKind[kind] = try await create(kind.rawValue, definition)
            }
            all.append(machines)
        }
        return all
    }

    /// Starts executions until the bounds are reached or the run is stopped.
    private func drive(from start: ContinuousClock.Instant, clients: [StepFunctionsClient], machines: [Machines]) async {
        let end = options.duration.map { start + .milliseconds(Int64($0 * 1000)) }
        // The open loop ends at the first start due at or after the end, so a start due before it
        // is sent even when this process wakes late (it counts from when it was due); the closed
        // loop ends when the clock passes the end.
        func more(_ index: Int, late: Bool) -> Bool {
            if stopped { return false }
            if let n = options.executions, index >= n { return false }
            if late, let end, ContinuousClock.now >= end { return false }
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
                    guard more(index, late: false) else { break }
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
                            guard more(i, late: true) else { break }
                            await self.startOne(i, due: nil, clients: clients, machines: machines)
                        }
                    }
                }
            }
        }
    }

    private func startOne(_ index: Int, due: ContinuousClock.Instant?, clients: [StepFunctionsClient], machines: [Machines]) async {
        let which = index % clients.count
        let kind = options.scenario.kind(index)
        let machine = machines[which].byKind[kind] ?? ""
        let input = options.scenario.input(index, kind: kind, shape: options.shape)
        let sent = ContinuousClock.now
        let body = JSONObject([("stateMachineArn", .string(machine)), ("input", .string(input))])
        do {
            let answer = try await clients[which].call("StartExecution", .object(body))
            let micros = UInt64(max(0, (ContinuousClock.now - (due ?? sent)).microseconds))
            recorder.started(micros: micros, account: which)
            if let arn = answer["executionArn"]?.stringValue {
                if options.follow { follower.track(arn, machine: machine, startMillis: ExecutionFollower.millis(answer["startDate"])) }
                sample.offer(arn, kind: kind, client: which)
                if kind == .callback, let child = machines[which].callbackChild {
                    answerer.expect(parent: arn, childMachine: child, client: which)
                }
            }
        } catch {
            let micros = UInt64(max(0, (ContinuousClock.now - (due ?? sent)).microseconds))
            recorder.refused(code: error.code, micros: micros, account: which)
        }
    }

    /// Once a second: follows executions, samples the endpoint, prints progress; after the last
    /// start, waits up to `drain` seconds for open executions to end.
    private func watch(from start: ContinuousClock.Instant, clients: [StepFunctionsClient],
                       byMachine: [String: StepFunctionsClient], stepwise: Bool) async {
        var drainEnd: ContinuousClock.Instant?
        var second = 1
        while true {
            // The quota five times a second, keeping each second's highest open count (a peak
            // between two samples a second apart would not show); following once a second.
            var peak = QuotaSample(accounts: clients.count)
            for fifth in 1...5 {
                if stepwise { await peak.add(clients) }
                try? await Task.sleep(until: start + .milliseconds(Int64(second - 1) * 1000 + Int64(fifth) * 200), clock: .continuous)
            }
            second += 1
            if options.follow { await follower.poll(clients: byMachine, recorder: recorder) }
            let point = recorder.tick(t: (ContinuousClock.now - start).seconds, open: peak.open, limit: peak.limit, tokens: peak.tokens)
            options.progress(Self.progressLine(point, recorder.counts), false)
            if driving.load(ordering: .relaxed) { continue }
            if drainEnd == nil { drainEnd = ContinuousClock.now + .milliseconds(Int64(options.drain * 1000)) }
            if stopped || follower.openCount == 0 || ContinuousClock.now >= drainEnd! { break }
        }
        options.progress("", true)
    }

    /// Each account's highest open count and its limit over a second (`Stepwise.DescribeAccountQuota`),
    /// and the first account's lowest bucket level.
    struct QuotaSample {
        var open: [Int?]
        var limit: [Int?]
        var tokens: Double?

        init(accounts: Int) {
            open = Array(repeating: nil, count: accounts)
            limit = open
        }

        mutating func add(_ clients: [StepFunctionsClient]) async {
            for (i, client) in clients.enumerated() {
                guard let quota = try? await client.call("Stepwise.DescribeAccountQuota", .object(JSONObject())) else { continue }
                if let n = quota["openExecutions"]?.numberValue?.int { open[i] = max(open[i] ?? 0, n) }
                limit[i] = quota["maxOpenExecutions"]?.numberValue?.int ?? limit[i]
                if i == 0, let level = quota["startBucket"]?["tokens"]?.numberValue?.double { tokens = min(tokens ?? level, level) }
            }
        }
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
