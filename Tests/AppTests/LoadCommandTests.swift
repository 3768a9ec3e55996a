import Foundation
import Testing

/// `stepwise load` refuses bad input with one line naming the option, before any load is sent.
@Suite struct LoadCommandTests {
    static let credentials = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"]

    @Test(arguments: [
        (["--rate", "0/s", "--duration", "5s"], 2, "a rate must be above 0/s"),
        (["--rate", "fast", "--duration", "5s"], 2, "--rate: 'fast' is not a rate"),
        (["--rate", "100/s..200/s", "--duration", "5s"], 2, "--rate: '100/s..200/s' is not a rate (500/s) or a ramp"),
        (["--rate", "10/s"], 2, "give --duration or --executions"),
        (["--rate", "10/s", "--concurrency", "4", "--duration", "5s"], 2, "give --rate or --concurrency, not both"),
        (["--concurrency", "0", "--duration", "5s"], 2, "--concurrency must be from 1 to 100000"),
        (["--rate", "10/s", "--duration", "soon"], 2, "--duration: 'soon' is not a duration"),
        (["--rate", "10/s", "--duration", "5s", "--scenario", "huge"], 2, "--scenario: 'huge' is not a scenario"),
        (["--rate", "10/s", "--duration", "5s", "--scenario", "nested", "--fan-out", "0"], 2, "--fan-out must be 1 to 100"),
        (["--rate", "10/s", "--duration", "5s", "--account", "nocolon"], 2, "--account: 'nocolon' is not KEY:SECRET"),
        (["--rate", "10/s", "--duration", "5s", "--input", "/nonexistent/input.json"], 2, "--input: cannot read /nonexistent/input.json"),
        (["--rate", "10/s", "--duration", "5s", "--endpoint-url", "ftp://x"], 2, "--endpoint-url: 'ftp://x' is not an http:// or https:// URL"),
        (["--rate", "10/s", "--duration", "5s", "--endpoint-url", "http://127.0.0.1:1"], 1, "cannot use http://127.0.0.1:1"),
    ] as [([String], Int32, String)])
    func badInput(_ args: [String], _ status: Int32, _ message: String) async throws {
        let r = try await DevCommandTests.run(["load"] + args, env: Self.credentials, seconds: 20)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("stepwise load: ") && r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("an input template that renders something other than JSON is refused")
    func badTemplate() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString).json").path
        try #"{"id": {{uuid}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try await DevCommandTests.run(["load", "--rate", "10/s", "--duration", "5s", "--input", path], env: Self.credentials)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--input: what it renders is not JSON"), "\(r.stderr)")
    }
}
