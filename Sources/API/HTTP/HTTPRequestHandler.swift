import NIOCore
import NIOHTTP1

/// The last handler of a connection's pipeline: collects a request's head and body, runs the
/// responder in a task, and writes its response back on the event loop.
///
/// NIO's `HTTPServerPipelineHandler` in front of it delivers one request at a time and holds
/// pipelined ones until the response before them has ended, so this handler has at most one
/// request in hand.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let respond: HTTPResponder
    private let maxBodyBytes: Int
    private let inFlight: HTTPInFlight
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private var executor: EventLoopExecutor?

    init(maxBodyBytes: Int, inFlight: HTTPInFlight, respond: @escaping HTTPResponder) {
        self.maxBodyBytes = maxBodyBytes
        self.inFlight = inFlight
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            tooLarge = false
        case .body(let buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > maxBodyBytes {
                tooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = HTTPServerRequest(method: head.method, uri: head.uri, headers: head.headers, body: body,
                                            bodyTooLarge: tooLarge)
            body = []
            let reply = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            let respond = self.respond
            let keepAlive = head.isKeepAlive
            let version = head.version
            inFlight.begin()
            let executor = self.executor ?? EventLoopExecutor(context.eventLoop)
            self.executor = executor
            Task(executorPreference: executor) {
                let response = await respond(request)
                reply.eventLoop.execute {
                    reply.value.handler.write(response, version: version, keepAlive: keepAlive, context: reply.value.context)
                }
            }
        }
    }

    private func write(_ response: HTTPServerResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3)
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let keepOpen = keepAlive && !inFlight.draining
        if !keepOpen {
            headers.add(name: "Connection", value: "close")
        } else if version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        let ended = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        let inFlight = self.inFlight
        if keepOpen {
            ended.whenComplete { _ in inFlight.end() }
        } else {
            let closing = NIOLoopBound(context, eventLoop: context.eventLoop)
            ended.whenComplete { _ in
                closing.value.close(promise: nil)
                inFlight.end()
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
