internal import CRabbitMQ
#if canImport(Glibc)
import Glibc
#endif

enum ConsumerJob: Sendable {
    case consume(String, AsyncStream<AMQPDelivery>.Continuation, CheckedContinuation<Void, any Error>)
    case ack(generation: Int, tag: UInt64)
    case reject(generation: Int, tag: UInt64, requeue: Bool)
    case cancel(String)
    case close(CheckedContinuation<Void, Never>)
}

/// Consumes with manual acks and a prefetch window. Acks are batched: the longest run of acked
/// deliveries from the oldest outstanding one goes out as one `multiple` ack. After a reconnect
/// it consumes the same queues again; acks for the old connection are dropped (the broker redelivers).
final class ConsumerDriver: ConnectionDriver {
    private var topology: AMQPTopology
    private let prefetch: Int
    private var streams: [String: AsyncStream<AMQPDelivery>.Continuation] = [:]
    private var queueByTag: [String: String] = [:]
    private var generation = 0
    private var outstanding: [UInt64] = []
    private var head = 0
    private var acked: Set<UInt64> = []
    private var closers: [CheckedContinuation<Void, Never>] = []
    private var rejectedAfterCancel: [UInt64] = []
    private(set) var finished = false

    /// Acks leave as one `multiple` frame and rejects are rare: nothing to cork.
    func writesSeveral(_ jobs: [ConsumerJob]) -> Bool { false }

    init(topology: AMQPTopology, prefetch: Int) {
        self.topology = topology
        self.prefetch = prefetch
    }

    func connected(_ c: BlockingConnection, generation: Int) throws(AMQPError) {
        self.generation = generation
        rejectedAfterCancel = []
        outstanding = []
        head = 0
        acked = []
        queueByTag = [:]
        try c.declare(topology)
        try c.qos(prefetch: prefetch)
        for queue in streams.keys.sorted() {
            queueByTag[try c.consume(queue: queue)] = queue
        }
    }

    func handle(_ jobs: [ConsumerJob], connection c: BlockingConnection?) throws(AMQPError) {
        for job in jobs {
            switch job {
            case .consume(let queue, let stream, let cont):
                streams[queue] = stream
                guard let c else { cont.resume(); continue }
                do {
                    queueByTag[try c.consume(queue: queue)] = queue
                    cont.resume()
                } catch {
                    streams[queue] = nil
                    cont.resume(throwing: error)
                    throw error
                }
            case .ack(let gen, let tag):
                if gen == generation { acked.insert(tag) }
            case .reject(let gen, let tag, let requeue):
                guard gen == generation, let c else { continue }
                try c.reject(tag, requeue: requeue)
                forget([tag])
            case .cancel(let queue):
                guard let stream = streams.removeValue(forKey: queue) else { continue }
                // Forget the tag too: a later consume of the same queue gets a new tag, and a
                // stale one left here could be cancelled instead of it, leaving the new consumer
                // active with no stream (its deliveries requeued to it forever).
                let tags = queueByTag.filter { $0.value == queue }.keys
                for tag in tags { queueByTag[tag] = nil }
                if let c { for tag in tags { try c.cancel(consumerTag: tag) } }
                // Deliveries already in the stream's buffer still reach the caller, who must settle them.
                stream.finish()
            case .close(let cont):
                closers.append(cont)
            }
        }
        if let c {
            try flushAcks(c)
            try requeueOrphans(c)
        }
        if !closers.isEmpty { finished = true }
    }

    /// Deliveries that arrived for a stream that was dropped go back to their queue.
    private func requeueOrphans(_ c: BlockingConnection) throws(AMQPError) {
        guard !rejectedAfterCancel.isEmpty else { return }
        let tags = rejectedAfterCancel
        rejectedAfterCancel = []
        for tag in tags { try c.reject(tag, requeue: true) }
        forget(Set(tags))
    }

    private func flushAcks(_ c: BlockingConnection) throws(AMQPError) {
        guard !acked.isEmpty else { return }
        var i = head
        while i < outstanding.count, acked.remove(outstanding[i]) != nil { i += 1 }
        if i > head {
            try c.ack(outstanding[i - 1], multiple: true)
            head = i
        }
        if !acked.isEmpty {
            for tag in acked { try c.ack(tag, multiple: false) }
            forget(acked)
            acked = []
        }
        if head > 4096 {
            outstanding.removeFirst(head)
            head = 0
        }
    }

    private func forget(_ tags: Set<UInt64>) {
        outstanding.removeFirst(head)
        head = 0
        outstanding.removeAll { tags.contains($0) }
    }

    func readInput(_ c: BlockingConnection) throws(AMQPError) {
        for _ in 0..<512 {
            amqp_maybe_release_buffers(c.state)
            var envelope = amqp_envelope_t()
            var tv = timeval(tv_sec: 0, tv_usec: 0)
            let reply = amqp_consume_message(c.state, &envelope, &tv, 0)
            if reply.reply_type == AMQP_RESPONSE_NORMAL {
                deliver(envelope)
                amqp_destroy_envelope(&envelope)
                continue
            }
            if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION {
                if reply.library_error == AMQP_STATUS_TIMEOUT.rawValue { return }
                if reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue {
                    try readOtherFrame(c)
                    continue
                }
            }
            throw .connectionClosed(BlockingConnection.describe(reply))
        }
    }

    /// A frame that is not a delivery: a server-side cancel or close ends this connection.
    private func readOtherFrame(_ c: BlockingConnection) throws(AMQPError) {
        var frame = amqp_frame_t()
        let rc = amqp_simple_wait_frame(c.state, &frame)
        guard rc == AMQP_STATUS_OK.rawValue else { throw .connectionClosed(BlockingConnection.statusText(rc)) }
        if let error = BlockingConnection.closeError(&frame) { throw error }
        switch stepwise_frame_method_id(&frame) {
        case AMQP_BASIC_CANCEL_METHOD:
            throw .channelClosed("the broker cancelled a consumer (queue deleted?)")
        default:
            return
        }
    }

    private func deliver(_ envelope: amqp_envelope_t) {
        let queue = queueByTag[CFieldTable.string(envelope.consumer_tag)] ?? ""
        let body: [UInt8] = envelope.message.body.len == 0 ? [] :
            Array(UnsafeRawBufferPointer(start: envelope.message.body.bytes, count: envelope.message.body.len))
        let delivery = AMQPDelivery(
            queue: queue,
            exchange: CFieldTable.string(envelope.exchange),
            routingKey: CFieldTable.string(envelope.routing_key),
            body: body,
            properties: Self.properties(envelope.message.properties),
            redelivered: envelope.redelivered != 0,
            deliveryTag: envelope.delivery_tag,
            generation: generation)
        outstanding.append(envelope.delivery_tag)
        if let stream = streams[queue] {
            stream.yield(delivery)
        } else {
            rejectedAfterCancel.append(envelope.delivery_tag)  // its stream is gone: hand it back
        }
    }

    private static func properties(_ p: amqp_basic_properties_t) -> AMQPProperties {
        func has(_ flag: Int32) -> Bool { p._flags & UInt32(flag) != 0 }
        var out = AMQPProperties(persistent: has(AMQP_BASIC_DELIVERY_MODE_FLAG) && p.delivery_mode == 2)
        if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { out.contentType = CFieldTable.string(p.content_type) }
        if has(AMQP_BASIC_CORRELATION_ID_FLAG) { out.correlationID = CFieldTable.string(p.correlation_id) }
        if has(AMQP_BASIC_REPLY_TO_FLAG) { out.replyTo = CFieldTable.string(p.reply_to) }
        if has(AMQP_BASIC_MESSAGE_ID_FLAG) { out.messageID = CFieldTable.string(p.message_id) }
        if has(AMQP_BASIC_TYPE_FLAG) { out.type = CFieldTable.string(p.type) }
        if has(AMQP_BASIC_PRIORITY_FLAG) { out.priority = p.priority }
        if has(AMQP_BASIC_HEADERS_FLAG) { out.headers = CFieldTable.read(p.headers) }
        return out
    }

    func disconnected(_ error: AMQPError) {
        guard error == .closed else { return }
        streams.values.forEach { $0.finish() }
        streams = [:]
        closers.forEach { $0.resume() }
        closers = []
        finished = true
    }
}
