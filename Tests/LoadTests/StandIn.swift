import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The stand-in Step Functions endpoint (stall_server.py) in a mode, for the length of `body`.
enum StandIn {
    static func with<T>(mode: String, _ body: (URL) async throws -> T) async throws -> T {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("stall_server.py").path
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("stand-in-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script, portFile, mode]
        // Not the test's own pipes: a child that outlives the test would hold them open, and
        // `swift test` would wait for ever for their end. SIGKILL: a child of Foundation's Process
        // may have SIGTERM blocked.
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }
        var found: Int?
        for _ in 0..<200 where found == nil {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if found == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let port = try #require(found, "the stand-in server did not start")
        return try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }
}
