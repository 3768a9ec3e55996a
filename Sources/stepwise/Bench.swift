import AMQP
import App
import ArgumentParser
import Benchmarks
import Foundation
import Logging

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print each figure next to a baseline measured in the same run.",
        subcommands: [BenchAMQP.self, BenchEndToEnd.self, BenchBucket.self, BenchNested.self, BenchASL.self, BenchJSON.self])
}

struct BenchAMQP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amqp",
        abstract: "The AMQP transport against a plain C client on the same librabbitmq and broker.",
        discussion: """
            Two durable workloads (persistent messages, publisher confirms, manual acks): publish→consume \
            messages/s, and request/reply round trips/s with a number of requests in flight. Each round runs \
            the C client (amqp-bench-c, built beside this executable), then the Swift transport; the best \
            round of each is reported with the ratio Swift/C.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "Messages for publish→consume.") var messages = 20_000
    @Option(help: "Request/reply round trips.") var roundTrips = 10_000
    @Option(help: "Requests in flight.") var inFlight = 100
    @Option(help: "Rounds (C then Swift each); the best of each side counts.") var rounds = 3
    @Option(help: "Path of the C client (default: amqp-bench-c beside this executable).") var cClient: String?

    func run() async throws {
        let (config, logger) = try options.start(logLevel: .warning)
        let cPath = cClientPath(cClient)
        print("AMQP transport benchmark: broker \(config.amqpURL), durable (persistent, confirms, manual acks)")
        print("publish→consume \(messages) messages; request/reply \(roundTrips) round trips, \(inFlight) in flight; \(rounds) rounds")
        var best = (cPC: 0.0, cRR: 0.0, sPC: 0.0, sRR: 0.0)
        for round in 1...rounds {
            let c = try await runC(cPath, url: config.amqpURL)
            let sPC = try await AMQPBenchmark.publishConsume(url: config.amqpURL, count: messages, logger: logger)
            let sRR = try await AMQPBenchmark.requestReply(url: config.amqpURL, count: roundTrips, inFlight: inFlight, logger: logger)
            print(String(format: "round %d: C %.0f msg/s %.0f rt/s | Swift %.0f msg/s %.0f rt/s", round, c.pc, c.rr, sPC, sRR))
            best = (max(best.cPC, c.pc), max(best.cRR, c.rr), max(best.sPC, sPC), max(best.sRR, sRR))
        }
        print("")
        print("                                   C client       Swift   Swift/C")
        print(String(format: "publish→consume msgs/s        %11.0f %11.0f   %5.2fx", best.cPC, best.sPC, best.sPC / best.cPC))
        print(String(format: "request/reply round trips/s   %11.0f %11.0f   %5.2fx", best.cRR, best.sRR, best.sRR / best.cRR))
    }

    private func runC(_ path: String, url: AMQPURL) async throws -> (pc: Double, rr: Double) {
        try await runCClient(path, url: url, messages: messages, roundTrips: roundTrips, inFlight: inFlight)
    }
}

/// The C client's path (`amqp-bench-c` beside this executable unless given); exits when it is not built.
func cClientPath(_ given: String?) -> String {
    let path = given ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("amqp-bench-c").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        fail("the C client is not built at \(path): run `swift build -c release --product amqp-bench-c`", code: 1)
    }
    return path
}

/// Runs the C client (`amqp-bench-c`): publish→consume msgs/s and request/reply round trips/s.
func runCClient(_ path: String, url: AMQPURL, messages: Int, roundTrips: Int, inFlight: Int) async throws -> (pc: Double, rr: Double) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    let plain = "amqp://\(url.user):\(url.password)@\(url.host):\(url.port)/\(url.vhost == "/" ? "" : url.vhost)"
    p.arguments = [plain, String(messages), String(roundTrips), String(inFlight)]
    let out = Pipe()
    p.standardOutput = out
    let status: Int32 = try await withCheckedThrowingContinuation { cont in
        p.terminationHandler = { cont.resume(returning: $0.terminationStatus) }
        do { try p.run() } catch { cont.resume(throwing: error) }
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    guard status == 0,
          let json = try JSONSerialization.jsonObject(with: data) as? [String: Double],
          let pc = json["publish_consume_per_s"], let rr = json["round_trips_per_s"] else {
        fail("the C client failed (exit \(status))", code: 1)
    }
    return (pc, rr)
}
