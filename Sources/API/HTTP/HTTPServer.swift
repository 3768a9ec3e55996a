import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Requests being answered, and the connections open, so that a graceful shutdown can let the
/// first finish and then close the second.
final class HTTPInFlight: Sendable {
    private struct State {
        var requests = 0
        var draining = false
        var connections: [ObjectIdentifier: any Channel] = [:]
        /// Who waits for the requests in hand to finish.
        var idle: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func begin() { state.withLock { $0.requests += 1 } }
    func end() {
        let idle: CheckedContinuation<Void, Never>? = state.withLock { s in
            s.requests -= 1
            guard s.requests == 0 else { return nil }
            defer { s.idle = nil }
            return s.idle
        }
        idle?.resume()
    }

    /// Returns once no request is in hand, or after `timeout`.
    func idle(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let now = self.state.withLock { s -> Bool in
                        if s.requests == 0 { return true }
                        s.idle = c
                        return false
                    }
                    if now { c.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // A timed-out wait leaves its continuation: resume it so the group can end.
            let stale = self.state.withLock { s in defer { s.idle = nil }; return s.idle }
            stale?.resume()
        }
    }
    var requests: Int { state.withLock { $0.requests } }
    /// Shutting down: responses close their connections.
    var draining: Bool { state.withLock { $0.draining } }

    func opened(_ channel: any Channel) {
        state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    /// Starts draining and returns the open connections.
    func drain() -> [any Channel] {
        state.withLock { s in
            s.draining = true
            return Array(s.connections.values)
        }
    }
}

/// A small HTTP/1.1 server on SwiftNIO's event loops (keep-alive, pipelining, a body limit): the
/// API needs three routes, and a request costs less CPU without the async-sequence bridging of a
/// general framework.
struct HTTPServer {
    var host: String
    var port: Int
    /// Longer bodies are not kept; the responder sees `bodyTooLarge`.
    var maxBodyBytes = 2 * 1024 * 1024

    /// Serves until cancelled or a graceful shutdown, which stops accepting, lets the requests in
    /// hand finish (up to 10 s) and then closes the connections.
    func run(_ respond: @escaping HTTPResponder) async throws {
        let inFlight = HTTPInFlight()
        let maxBody = maxBodyBytes
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The response headers are the server's own constants (`HTTPRequestHandler.write`):
                    // nothing for an outbound validator to catch.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withErrorHandling: true, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPRequestHandler(maxBodyBytes: maxBody, inFlight: inFlight, respond: respond))
                    inFlight.opened(channel)
                }
            }
            .bind(host: host, port: port).get()
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                try? await server.closeFuture.get()
            } onGracefulShutdown: {
                server.close(promise: nil)
            }
        } onCancel: {
            server.close(promise: nil)
        }
        let open = inFlight.drain()
        if !Task.isCancelled { await inFlight.idle(timeout: .seconds(10)) }
        for channel in open { channel.close(promise: nil) }
    }
}
