import JSONValue
import Messages

/// Handlers for demos and load tests: `echo`, `sleep`, `fail` and `cpu`.
///
/// - `echo` returns its input.
/// - `sleep` waits `ms` milliseconds from its input (`{"ms": 250}`) without holding a thread, then returns its input.
/// - `fail` fails with `error` and `cause` from its input (default `Stepwise.StockFailure`).
/// - `cpu` burns `ms` milliseconds of CPU, yielding to other tasks about every millisecond, then returns its input.
public enum StockHandlers {
    /// The stock handler names.
    public static let names = ["echo", "sleep", "fail", "cpu"]

    /// Registers the stock handlers (all, or those in `only`) for both functions and activities.
    /// - Parameters:
    ///   - worker: The worker to add them to.
    ///   - only: A subset of ``names``; nil for all.
    public static func register(on worker: inout Worker, only: Set<String>? = nil) {
        let wanted = { (name: String) in only?.contains(name) ?? true }
        if wanted("echo") { worker.handle("echo") { input, _ in input } }
        if wanted("sleep") {
            worker.handle("sleep") { input, _ in
                try await Task.sleep(for: .milliseconds(milliseconds(in: input)))
                return input
            }
        }
        if wanted("fail") {
            worker.handle("fail") { input, _ in
                throw TaskFailure(error: input["error"]?.stringValue ?? "Stepwise.StockFailure",
                                  cause: input["cause"]?.stringValue ?? "the fail handler failed as asked")
            }
        }
        if wanted("cpu") {
            worker.handle("cpu") { input, _ in
                try await burn(milliseconds: milliseconds(in: input))
                return input
            }
        }
    }

    /// `ms` from an input object (0 when absent or negative).
    static func milliseconds(in input: JSON) -> Int {
        max(0, input["ms"]?.numberValue.map { Int($0.double) } ?? 0)
    }

    /// Spins on the clock for `milliseconds`, yielding about every millisecond so the pool stays fair.
    static func burn(milliseconds: Int) async throws {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .milliseconds(milliseconds))
        while clock.now < end {
            let slice = clock.now.advanced(by: .milliseconds(1))
            while clock.now < slice {}
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
