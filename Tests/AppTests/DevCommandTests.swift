import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Runs the built `stepwise` executable as a user would.
@Suite struct DevCommandTests {
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stepwise").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : root.appendingPathComponent(".build/debug/stepwise").path
    }

    struct Run {
        var status: Int32
        var stderr: String
    }

    /// Starts `stepwise ARGS`; if `terminateWhen` appears on stderr, sends SIGTERM. Gives up after `seconds`.
    static func run(_ args: [String], env: [String: String] = [:], terminateWhen marker: String? = nil,
                    seconds: Double = 30) async throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while p.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let data = err.fileHandleForReading.availableDataNonBlocking()
            text += String(decoding: data, as: UTF8.self)
            if let marker, text.contains(marker) { p.terminate() }
        }
        if p.isRunning { p.interrupt(); p.terminate(); throw TestTimeout() }
        p.waitUntilExit()
        text += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Run(status: p.terminationStatus, stderr: text)
    }

    struct TestTimeout: Error {}

    @Test func devIsReadyThenStopsCleanlyOnSIGTERM() async throws {
        let r = try await Self.run(["dev"], terminateWhen: "stepwise dev is ready")
        #expect(r.status == 0)
        #expect(r.stderr.contains("stepwise dev is ready"))
        #expect(r.stderr.contains("stepwise dev is stopping"))
    }

    @Test func unreachableBrokerIsOneLineAndExitOne() async throws {
        let r = try await Self.run(["dev"], env: ["STEPWISE_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/"], seconds: 15)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("stepwise: cannot reach the broker at amqp://guest:***@127.0.0.1:1/") == true)
    }

    @Test(arguments: [
        ("STEPWISE_API_PORT", "http", "api.port (STEPWISE_API_PORT)"),
        ("STEPWISE_AMQP_URL", "localhost:5672", "amqp.url (STEPWISE_AMQP_URL)"),
        ("STEPWISE_STORE", "redis://x", "store (STEPWISE_STORE)"),
    ])
    func badConfigurationIsOneLineAndExitTwo(_ variable: String, _ value: String, _ field: String) async throws {
        let r = try await Self.run(["dev"], env: [variable: value], seconds: 15)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasPrefix("stepwise: config: \(field)"))
    }

    @Test func helpListsOnlyBuiltSubcommands() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["--help"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for built in ["dev", "coordinator", "worker", "bench", "load", "config"] { #expect(text.contains("  \(built) ")) }
        for notYet in ["api", "console"] { #expect(!text.contains("  \(notYet) ")) }
    }
}

extension FileHandle {
    /// What the pipe holds right now, without waiting for more.
    func availableDataNonBlocking() -> Data {
        let fd = fileDescriptor
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }
}
