import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Jobs handed to a connection's owner thread. The thread sleeps in poll() on its socket and
/// on a pipe; `push` writes to the pipe only when the thread is asleep.
final class Mailbox<Job: Sendable>: Sendable {
    private struct State {
        var jobs: [Job] = []
        var sleeping = false
        var shutDown = false
    }
    private let state = Mutex(State())
    private let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        readFD = fds[0]
        writeFD = fds[1]
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Queues a job; false when the owner thread has already exited (the job was not taken).
    @discardableResult
    func push(_ job: Job) -> Bool {
        let (taken, wake) = state.withLock { s -> (Bool, Bool) in
            guard !s.shutDown else { return (false, false) }
            s.jobs.append(job)
            defer { s.sleeping = false }
            return (true, s.sleeping)
        }
        if wake { poke() }
        return taken
    }

    /// Refuses further jobs and returns those still queued.
    func shutdown() -> [Job] {
        state.withLock { s in
            s.shutDown = true
            defer { s.jobs.removeAll() }
            return s.jobs
        }
    }

    /// Takes every queued job.
    func drain() -> [Job] {
        state.withLock { s in
            defer { s.jobs.removeAll(keepingCapacity: true) }
            return s.jobs
        }
    }

    /// Sleeps until `socket` is readable, a job arrives, or `timeoutMs` passes.
    func wait(socket: Int32, timeoutMs: Int32) {
        let mayWait = state.withLock { s in
            if !s.jobs.isEmpty { return false }
            s.sleeping = true
            return true
        }
        guard mayWait else { return }
        // No heap allocation here: this runs on every wake-up of the owner thread.
        var fds = (pollfd(fd: readFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: socket, events: Int16(POLLIN), revents: 0))
        _ = withUnsafeMutableBytes(of: &fds) { raw in
            poll(raw.baseAddress!.assumingMemoryBound(to: pollfd.self), socket >= 0 ? 2 : 1, timeoutMs)
        }
        state.withLock { $0.sleeping = false }
        var sink: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while withUnsafeMutableBytes(of: &sink, { read(readFD, $0.baseAddress, $0.count) }) > 0 {}
    }

    private func poke() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }
}
