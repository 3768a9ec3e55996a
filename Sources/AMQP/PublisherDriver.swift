import Foundation
internal import CRabbitMQ

enum PublisherJob: Sendable {
    case publish([AMQPOutgoingMessage], ConfirmWaiter)
    case declare(AMQPTopology, CheckedContinuation<Void, any Error>)
    case close(CheckedContinuation<Void, Never>)
}

/// Publishes with confirms pipelined: messages go out at once, confirms are matched as they
/// arrive (`multiple` honoured). Unconfirmed messages are re-sent after a reconnect, so a
/// publish that returned is on the broker, and one still waiting is never dropped.
final class PublisherDriver: ConnectionDriver {
    private struct Entry {
        let message: AMQPOutgoingMessage
        let waiter: ConfirmWaiter
    }
    private var topology: AMQPTopology
    private var nextTag: UInt64 = 1
    private var lowestUnconfirmed: UInt64 = 1
    private var unconfirmed: [UInt64: Entry] = [:]
    /// `unconfirmed.count` as last added to ``AMQPStatistics``.
    private var reportedUnconfirmed = 0
    private var backlog: [Entry] = []
    private var pendingDeclares: [(AMQPTopology, CheckedContinuation<Void, any Error>)] = []
    private var closers: [CheckedContinuation<Void, Never>] = []
    private var closeDeadline: Date = .distantFuture

    init(topology: AMQPTopology) { self.topology = topology }

    var finished: Bool {
        !closers.isEmpty && ((unconfirmed.isEmpty && backlog.isEmpty) || Date() > closeDeadline)
    }

    func connected(_ c: BlockingConnection, generation: Int) throws(AMQPError) {
        try c.declare(topology)
        try c.confirmSelect()
        nextTag = 1
        lowestUnconfirmed = 1
        backlog = unconfirmed.sorted { $0.key < $1.key }.map(\.value) + backlog
        unconfirmed = [:]
        reportUnconfirmed()
        let declares = pendingDeclares
        pendingDeclares = []
        for (t, cont) in declares {
            do {
                try c.declare(t)
                topology.merge(t)
                cont.resume()
            } catch {
                cont.resume(throwing: error)
                throw error
            }
        }
        try sendBacklog(c)
    }

    private func sendBacklog(_ c: BlockingConnection) throws(AMQPError) {
        var sent = 0
        defer { backlog.removeFirst(sent) }
        for e in backlog {
            sent += 1
            try send(e, c)
        }
    }

    private func send(_ e: Entry, _ c: BlockingConnection) throws(AMQPError) {
        unconfirmed[nextTag] = e
        nextTag += 1
        reportUnconfirmed()
        try c.publish(e.message)
    }

    private func reportUnconfirmed() {
        AMQPStatistics.unconfirmed(changedBy: unconfirmed.count - reportedUnconfirmed)
        reportedUnconfirmed = unconfirmed.count
    }

    func writesSeveral(_ jobs: [PublisherJob]) -> Bool {
        var messages = 0
        for case .publish(let batch, _) in jobs {
            messages += batch.count
            if messages > 1 { return true }
        }
        return false
    }

    /// Applies every job even when the connection fails part-way: after a send fails, the rest
    /// go to the backlog (re-sent after reconnecting) and the failure is thrown at the end.
    func handle(_ jobs: [PublisherJob], connection: BlockingConnection?) throws(AMQPError) {
        var c = connection
        var failure: AMQPError?
        for job in jobs {
            switch job {
            case .publish(let messages, let waiter):
                if let bad = messages.first(where: { !topology.knows(exchange: $0.exchange) }) {
                    waiter.fail(.unknownExchange(bad.exchange))
                    continue
                }
                if !closers.isEmpty { waiter.fail(.closed); continue }
                for m in messages {
                    let e = Entry(message: m, waiter: waiter)
                    guard let live = c, backlog.isEmpty else { backlog.append(e); continue }
                    do {
                        try send(e, live)
                    } catch {
                        failure = error
                        c = nil
                    }
                }
            case .declare(let t, let cont):
                guard let live = c else { pendingDeclares.append((t, cont)); continue }
                do {
                    try live.declare(t)
                    topology.merge(t)
                    cont.resume()
                } catch {
                    cont.resume(throwing: error)
                    failure = error
                    c = nil
                }
            case .close(let cont):
                if closers.isEmpty { closeDeadline = Date().addingTimeInterval(5) }
                closers.append(cont)
            }
        }
        if let failure { throw failure }
    }

    func readInput(_ c: BlockingConnection) throws(AMQPError) {
        defer { amqp_maybe_release_buffers(c.state) }
        for _ in 0..<4096 {
            var frame = amqp_frame_t()
            var tv = timeval(tv_sec: 0, tv_usec: 0)
            let rc = amqp_simple_wait_frame_noblock(c.state, &frame, &tv)
            if rc == AMQP_STATUS_TIMEOUT.rawValue { return }
            guard rc == AMQP_STATUS_OK.rawValue else {
                throw .connectionClosed(BlockingConnection.statusText(rc))
            }
            if let error = BlockingConnection.closeError(&frame) { throw error }
            switch stepwise_frame_method_id(&frame) {
            case AMQP_BASIC_ACK_METHOD:
                let ack = stepwise_frame_decoded(&frame).assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                settle(ack.delivery_tag, multiple: ack.multiple != 0, nil)
            case AMQP_BASIC_NACK_METHOD:
                let nack = stepwise_frame_decoded(&frame).assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
                settle(nack.delivery_tag, multiple: nack.multiple != 0, .nacked("the broker refused a message (basic.nack)"))
            default:
                continue
            }
        }
    }

    private func settle(_ tag: UInt64, multiple: Bool, _ error: AMQPError?) {
        let first = multiple ? lowestUnconfirmed : tag
        guard first <= tag else { return }
        for t in first...tag {
            guard let e = unconfirmed.removeValue(forKey: t) else { continue }
            if let error { e.waiter.fail(error) } else { e.waiter.confirmed() }
        }
        while lowestUnconfirmed < nextTag && unconfirmed[lowestUnconfirmed] == nil { lowestUnconfirmed += 1 }
        reportUnconfirmed()
    }

    func disconnected(_ error: AMQPError) {
        guard error == .closed else { return }  // a dropped connection keeps everything for the resend
        for e in unconfirmed.values { e.waiter.fail(.closed) }
        for e in backlog { e.waiter.fail(.closed) }
        for (_, cont) in pendingDeclares { cont.resume(throwing: AMQPError.closed) }
        unconfirmed = [:]
        reportUnconfirmed()
        backlog = []
        pendingDeclares = []
        closers.forEach { $0.resume() }
        closers = []
    }
}
