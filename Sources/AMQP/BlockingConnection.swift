internal import CRabbitMQ
#if canImport(Glibc)
import Glibc
#endif

/// One rabbitmq-c connection with channel 1 open. Blocking and not thread-safe:
/// only its owner thread calls it. Every failure is an `AMQPError`; nothing here crashes.
final class BlockingConnection {
    let state: amqp_connection_state_t
    private(set) var isOpen = true
    let url: AMQPURL

    /// Opens the socket, logs in and opens channel 1, all bounded by `url.timeout`.
    init(url: AMQPURL, name: String) throws(AMQPError) {
        self.url = url
        guard let state = amqp_new_connection() else { throw .connectionFailed("out of memory") }
        self.state = state
        do {
            try open(name: name)
        } catch {
            amqp_destroy_connection(state)
            isOpen = false
            throw error
        }
    }

    private func open(name: String) throws(AMQPError) {
        let socket: OpaquePointer?
        if url.tls {
            socket = amqp_ssl_socket_new(state)
            if let socket { try configureTLS(socket) }
        } else {
            socket = amqp_tcp_socket_new(state)
        }
        guard let socket else { throw .connectionFailed("could not create a socket") }
        var tv = timeval(tv_sec: url.timeout, tv_usec: 0)
        let rc = amqp_socket_open_noblock(socket, url.host, Int32(url.port), &tv)
        guard rc == AMQP_STATUS_OK.rawValue else {
            let hint = rc == AMQP_STATUS_SOCKET_ERROR.rawValue ? " (refused or unreachable: is the broker running there?)" : ""
            throw .connectionFailed("cannot connect to \(url.host):\(url.port): \(Self.statusText(rc))\(hint)")
        }
        _ = amqp_set_handshake_timeout(state, &tv)
        _ = amqp_set_rpc_timeout(state, &tv)
        let arena = CFieldTable()
        defer { arena.release() }
        var props = arena.table(["connection_name": .string(name), "product": .string("stepwise")])
        let reply = stepwise_amqp_login_plain(state, url.vhost, 131_072, Int32(url.heartbeat), &props, url.user, url.password)
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            throw .loginRefused("login to \(url) refused (check user, password and vhost): \(Self.describe(reply))")
        }
        amqp_channel_open(state, 1)
        try check("channel.open")
    }

    private func configureTLS(_ socket: OpaquePointer) throws(AMQPError) {
        amqp_ssl_socket_set_verify_peer(socket, url.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, url.verifyPeer ? 1 : 0)
        let ca = url.caCertFile ?? "/etc/ssl/certs/ca-certificates.crt"
        if url.caCertFile != nil || access(ca, R_OK) == 0 {
            guard amqp_ssl_socket_set_cacert(socket, ca) == AMQP_STATUS_OK.rawValue else {
                throw .connectionFailed("cannot read the CA certificate file '\(ca)'")
            }
        }
        if let cert = url.certFile, let key = url.keyFile {
            guard amqp_ssl_socket_set_key(socket, cert, key) == AMQP_STATUS_OK.rawValue else {
                throw .connectionFailed("cannot read the client certificate '\(cert)' or key '\(key)'")
            }
        }
    }

    /// Throws the last RPC reply's error, if any.
    func check(_ what: String) throws(AMQPError) {
        let reply = amqp_get_rpc_reply(state)
        guard reply.reply_type != AMQP_RESPONSE_NORMAL else { return }
        if reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION, reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD {
            var ok = amqp_channel_close_ok_t(dummy: 0)
            _ = amqp_send_method(state, 1, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
            isOpen = false
            throw .channelClosed("\(what): \(Self.describe(reply))")
        }
        isOpen = false
        throw .protocolError("\(what): \(Self.describe(reply))")
    }

    /// Declares every exchange, queue and binding of `topology`.
    func declare(_ topology: AMQPTopology) throws(AMQPError) {
        let arena = CFieldTable()
        defer { arena.release() }
        for e in topology.exchanges {
            amqp_exchange_declare(state, 1, arena.bytes(e.name), arena.bytes(e.kind.rawValue), 0, e.durable ? 1 : 0, 0, 0, amqp_empty_table)
            try check("exchange.declare \(e.name)")
        }
        for q in topology.queues {
            amqp_queue_declare(state, 1, arena.bytes(q.name), 0, q.durable ? 1 : 0, 0, 0, arena.table(q.arguments))
            do {
                try check("queue.declare \(q.name)")
            } catch where error.message.contains("inequivalent arg") {
                throw Self.mismatch(q, error.message)
            }
        }
        for b in topology.bindings {
            amqp_queue_bind(state, 1, arena.bytes(b.queue), arena.bytes(b.exchange), arena.bytes(b.routingKey), amqp_empty_table)
            try check("queue.bind \(b.queue)")
        }
    }

    /// Sends basic.publish with its header and body frames; does not wait for anything.
    func publish(_ m: AMQPOutgoingMessage) throws(AMQPError) {
        let p = m.properties
        var props = amqp_basic_properties_t()
        var flags: UInt32 = UInt32(AMQP_BASIC_DELIVERY_MODE_FLAG)
        props.delivery_mode = p.persistent ? 2 : 1
        if let v = p.priority { props.priority = v; flags |= UInt32(AMQP_BASIC_PRIORITY_FLAG) }
        // Strings in properties need C memory for the call; most messages have one or none.
        let needsArena = p.contentType != nil || p.correlationID != nil || p.replyTo != nil
            || p.messageID != nil || p.type != nil || !p.headers.isEmpty
        let arena = needsArena ? CFieldTable() : nil
        defer { arena?.release() }
        if let arena {
            if let v = p.contentType { props.content_type = arena.bytes(v); flags |= UInt32(AMQP_BASIC_CONTENT_TYPE_FLAG) }
            if let v = p.correlationID { props.correlation_id = arena.bytes(v); flags |= UInt32(AMQP_BASIC_CORRELATION_ID_FLAG) }
            if let v = p.replyTo { props.reply_to = arena.bytes(v); flags |= UInt32(AMQP_BASIC_REPLY_TO_FLAG) }
            if let v = p.messageID { props.message_id = arena.bytes(v); flags |= UInt32(AMQP_BASIC_MESSAGE_ID_FLAG) }
            if let v = p.type { props.type = arena.bytes(v); flags |= UInt32(AMQP_BASIC_TYPE_FLAG) }
            if !p.headers.isEmpty { props.headers = arena.table(p.headers); flags |= UInt32(AMQP_BASIC_HEADERS_FLAG) }
        }
        props._flags = flags
        let rc = m.exchange.withCString { exchange in
            m.routingKey.withCString { routingKey in
                m.body.withUnsafeBytes { raw in
                    let body = amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress))
                    return amqp_basic_publish(state, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routingKey), 0, 0, &props, body)
                }
            }
        }
        guard rc == AMQP_STATUS_OK.rawValue else {
            isOpen = false
            throw .connectionClosed("publish failed: \(Self.statusText(rc))")
        }
    }

    func confirmSelect() throws(AMQPError) {
        amqp_confirm_select(state, 1)
        try check("confirm.select")
    }

    func qos(prefetch: Int) throws(AMQPError) {
        amqp_basic_qos(state, 1, 0, UInt16(clamping: prefetch), 0)
        try check("basic.qos")
    }

    /// Starts consuming `queue` with manual acks; returns the consumer tag.
    func consume(queue: String) throws(AMQPError) -> String {
        let arena = CFieldTable()
        defer { arena.release() }
        let ok = amqp_basic_consume(state, 1, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
        try check("basic.consume \(queue)")
        guard let ok else { throw .protocolError("basic.consume \(queue): no reply") }
        return CFieldTable.string(ok.pointee.consumer_tag)
    }

    /// Stops a consumer; deliveries already sent for it still arrive.
    func cancel(consumerTag: String) throws(AMQPError) {
        let arena = CFieldTable()
        defer { arena.release() }
        amqp_basic_cancel(state, 1, arena.bytes(consumerTag))
        try check("basic.cancel")
    }

    func ack(_ tag: UInt64, multiple: Bool) throws(AMQPError) {
        let rc = amqp_basic_ack(state, 1, tag, multiple ? 1 : 0)
        guard rc == AMQP_STATUS_OK.rawValue else { isOpen = false; throw .connectionClosed("ack failed: \(Self.statusText(rc))") }
    }

    func reject(_ tag: UInt64, requeue: Bool) throws(AMQPError) {
        let rc = amqp_basic_nack(state, 1, tag, 0, requeue ? 1 : 0)
        guard rc == AMQP_STATUS_OK.rawValue else { isOpen = false; throw .connectionClosed("reject failed: \(Self.statusText(rc))") }
    }

    var socketDescriptor: Int32 { amqp_get_sockfd(state) }

    /// Corked, the kernel holds writes back until a segment fills or `cork(false)` (TCP_CORK):
    /// a batch of publishes then reaches the broker in a few segments, not one each.
    func cork(_ on: Bool) {
        _ = stepwise_cork(socketDescriptor, on ? 1 : 0)
    }

    /// Whether frames are already buffered in the library (so poll() on the socket would miss them).
    var hasBufferedInput: Bool { amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 }

    /// Closes gracefully (so in-flight acks are not lost to a reset), then frees the connection.
    func close() {
        if isOpen {
            _ = amqp_channel_close(state, 1, AMQP_REPLY_SUCCESS)
            _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
            isOpen = false
        }
        amqp_destroy_connection(state)
    }

    /// Marks the connection broken; `close()` then skips the handshake.
    func markBroken() { isOpen = false }

    /// The error a channel.close or connection.close frame from the broker carries; nil for any other frame.
    static func closeError(_ frame: inout amqp_frame_t) -> AMQPError? {
        switch stepwise_frame_method_id(&frame) {
        case AMQP_CHANNEL_CLOSE_METHOD:
            let m = stepwise_frame_decoded(&frame).assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            return .channelClosed("\(m.reply_code) \(CFieldTable.string(m.reply_text))")
        case AMQP_CONNECTION_CLOSE_METHOD:
            let m = stepwise_frame_decoded(&frame).assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            return .connectionClosed("\(m.reply_code) \(CFieldTable.string(m.reply_text))")
        default:
            return nil
        }
    }

    static func statusText(_ rc: Int32) -> String {
        String(cString: amqp_error_string2(rc))
    }

    /// The error for a queue that exists with other arguments, naming the queue and what to do.
    static func mismatch(_ q: AMQPTopology.Queue, _ brokerText: String) -> AMQPError {
        var type = "classic"
        if case .string(let t)? = q.arguments["x-queue-type"] { type = t }
        return .queueMismatch("""
            queue '\(q.name)' already exists with other arguments than this process declares \
            (\(type) queue; broker: \(brokerText)); RabbitMQ cannot change a queue's type or arguments in place
            """)
    }

    static func describe(_ reply: amqp_rpc_reply_t) -> String {
        switch reply.reply_type {
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return statusText(reply.library_error)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD, let d = reply.reply.decoded {
                let m = d.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return "\(m.reply_code) \(CFieldTable.string(m.reply_text))"
            }
            if reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD, let d = reply.reply.decoded {
                let m = d.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return "\(m.reply_code) \(CFieldTable.string(m.reply_text))"
            }
            return "server exception (method \(reply.reply.id))"
        default:
            return "no reply"
        }
    }
}
