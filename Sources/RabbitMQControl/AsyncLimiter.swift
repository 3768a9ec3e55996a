/// Lets at most `limit` callers run a body at once, in arrival order.
public actor AsyncLimiter {
    private let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) { self.limit = limit }

    func enter() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty { running -= 1 } else { waiters.removeFirst().resume() }
    }

    /// Runs `body` once a place is free; `cleanup` runs before the place is given to the next
    /// caller when `body` throws.
    public nonisolated func run<T>(_ body: () async throws -> T, onError cleanup: () async -> Void = {}) async throws -> T {
        await enter()
        do {
            let value = try await body()
            await leave()
            return value
        } catch {
            await cleanup()
            await leave()
            throw error
        }
    }
}
