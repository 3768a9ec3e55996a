import Foundation
import Synchronization
import Logging
internal import CRabbitMQ

/// What an owner thread does with its connection. All calls happen on that one thread.
protocol ConnectionDriver: AnyObject, SendableMetatype {
    associatedtype Job: Sendable
    /// Set up a fresh connection: declare topology, confirm mode or consumers, resend.
    func connected(_ connection: BlockingConnection, generation: Int) throws(AMQPError)
    /// Apply queued jobs. `connection` is nil while disconnected.
    func handle(_ jobs: [Job], connection: BlockingConnection?) throws(AMQPError)
    /// Read what the broker sent (confirms, deliveries).
    func readInput(_ connection: BlockingConnection) throws(AMQPError)
    /// The connection is gone (error) or closing; fail or keep what is in flight.
    func disconnected(_ error: AMQPError)
    /// Whether the thread should close its connection and exit (closing and nothing left to do).
    var finished: Bool { get }
    /// Whether `jobs` write several messages, worth corking the socket for.
    func writesSeveral(_ jobs: [Job]) -> Bool
}

/// Runs a driver on a dedicated thread: connect, reconnect with back-off, sleep in poll().
/// rabbitmq-c is blocking and not thread-safe; nothing else ever touches the connection.
final class OwnerThread<Driver: ConnectionDriver>: @unchecked Sendable {
    let jobs = Mailbox<Driver.Job>()
    /// Connections made so far: 1 after the first connect, +1 per reconnect.
    let connections = Atomic<Int>(0)
    private let driver: Driver
    private let url: AMQPURL
    private let name: String
    private let logger: Logger
    private var backoff = Backoff()
    private let firstConnect: CheckedContinuation<Void, any Error>

    private init(driver: Driver, url: AMQPURL, name: String, logger: Logger,
                 firstConnect: CheckedContinuation<Void, any Error>) {
        self.driver = driver
        self.url = url
        self.name = name
        self.logger = logger
        self.firstConnect = firstConnect
    }

    /// Starts the thread and returns once the first connection is up; throws if it cannot be made.
    static func start(driver: Driver, url: AMQPURL, name: String, logger: Logger) async throws -> OwnerThread {
        var owner: OwnerThread?
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            let o = OwnerThread(driver: driver, url: url, name: name, logger: logger, firstConnect: cont)
            owner = o
            let thread = Thread { o.run() }
            thread.name = "amqp-\(name)"
            thread.start()
        }
        return owner!
    }

    private func run() {
        var connection: BlockingConnection?
        var generation = 0
        do {
            connection = try BlockingConnection(url: url, name: name)
            generation += 1
            try driver.connected(connection!, generation: generation)
            connections.store(generation, ordering: .relaxed)
        } catch {
            connection?.close()
            _ = jobs.shutdown()
            driver.disconnected(error)
            firstConnect.resume(throwing: error)
            return
        }
        firstConnect.resume()
        while !driver.finished {
            guard let c = connection else {
                sleepDisconnected(for: backoff.next())
                if driver.finished { break }
                do {
                    connection = try BlockingConnection(url: url, name: name)
                    generation += 1
                    try driver.connected(connection!, generation: generation)
                    connections.store(generation, ordering: .relaxed)
                    backoff.reset()
                    AMQPStatistics.reconnected()
                    logger.info("amqp reconnected", metadata: ["connection": "\(name)", "generation": "\(generation)"])
                } catch {
                    connection?.close()
                    connection = nil
                    logger.notice("amqp reconnect failed", metadata: ["connection": "\(name)", "error": "\(error)"])
                }
                continue
            }
            do {
                let batch = jobs.drain()
                let cork = driver.writesSeveral(batch)
                if cork { c.cork(true) }
                try driver.handle(batch, connection: c)
                if cork { c.cork(false) }
                try driver.readInput(c)
                if !c.hasBufferedInput && !driver.finished {
                    jobs.wait(socket: c.socketDescriptor, timeoutMs: 200)
                }
            } catch {
                logger.warning("amqp connection lost", metadata: ["connection": "\(name)", "error": "\(error)"])
                c.markBroken()
                c.close()
                connection = nil
                driver.disconnected(error)
            }
        }
        connection?.close()
        try? driver.handle(jobs.shutdown(), connection: nil)
        driver.disconnected(.closed)
    }

    /// Waits out a back-off delay while still taking jobs (they queue up, or a close ends the wait).
    private func sleepDisconnected(for seconds: Double) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while !driver.finished {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return }
            jobs.wait(socket: -1, timeoutMs: Int32(max(1, (deadline - now) / 1_000_000)))
            try? driver.handle(jobs.drain(), connection: nil)
        }
    }
}
