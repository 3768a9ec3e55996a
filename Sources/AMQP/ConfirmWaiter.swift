/// Resumes one caller when every message of its batch is confirmed, or the first is refused.
/// Created by the caller, then touched only by the owner thread.
final class ConfirmWaiter: @unchecked Sendable {
    private var remaining: Int
    private var continuation: CheckedContinuation<Void, any Error>?

    init(count: Int, continuation: CheckedContinuation<Void, any Error>) {
        self.remaining = count
        self.continuation = continuation
        if count == 0 { finish(nil) }
    }

    func confirmed() {
        remaining -= 1
        if remaining == 0 { finish(nil) }
    }

    func fail(_ error: AMQPError) { finish(error) }

    private func finish(_ error: AMQPError?) {
        guard let c = continuation else { return }
        continuation = nil
        if let error { c.resume(throwing: error) } else { c.resume() }
    }
}
