import Foundation
import Testing

extension LiveServerTests {
    @Test("the console in headless Chromium: sign-in; the nested parent's graph, Step details and tree linked both ways; a failure in red; live updates; filters and paging; stop and start; quotas; account isolation; forged cookies; sign-out")
    func console() async throws {
        try await Self.withServer { endpoint in
            let artifacts = Self.root.appendingPathComponent(".build/test-artifacts")
            try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
            let script = Self.root.appendingPathComponent("Tests/APITests/python/test_console.py").path
            let result = try await Self.run("/usr/bin/env", ["python3", script, endpoint, artifacts.path])
            #expect(result.status == 0, "\(result.output)")
        }
    }
}
