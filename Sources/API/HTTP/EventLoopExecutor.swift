import NIOCore

/// Runs a request's task on the event loop that read it, so that answering a request does not
/// hand it to another thread and back (the store's writer thread is the only other one it meets).
final class EventLoopExecutor: TaskExecutor, @unchecked Sendable {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
