import Foundation

/// A child process that exited with a failure status.
public struct SubprocessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Runs programs to completion off the concurrency pool.
public enum Subprocess {
    /// Runs `path` with `arguments`; returns when it exits.
    /// - Throws: ``SubprocessFailure`` unless it exits 0 (with the first lines of its standard error).
    public static func run(_ path: String, _ arguments: [String]) async throws {
        _ = try await output(path, arguments, keep: false)
    }

    /// Runs `path` with `arguments`; returns its standard output when it exits 0.
    /// - Throws: ``SubprocessFailure`` unless it exits 0.
    public static func output(_ path: String, _ arguments: [String]) async throws -> String {
        try await output(path, arguments, keep: true)
    }

    private static func output(_ path: String, _ arguments: [String], keep: Bool) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Output and errors go to files, not pipes: a pipe nobody reads until the end fills up and
        // blocks the child (and any grandchild that inherited it).
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in [out, err] { try? FileManager.default.removeItem(at: file) } }
        process.standardOutput = keep ? try FileHandle(forWritingTo: out) : FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: err)
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { p in
                if p.terminationStatus == 0 { c.resume(); return }
                let text = ((try? String(contentsOf: err, encoding: .utf8)) ?? "")
                    .split(separator: "\n").suffix(5).joined(separator: " / ")
                c.resume(throwing: SubprocessFailure(description: "\(path) \(arguments) exited \(p.terminationStatus): \(text)"))
            }
            do { try process.run() } catch { c.resume(throwing: error) }
        }
        return keep ? ((try? String(contentsOf: out, encoding: .utf8)) ?? "") : ""
    }
}
