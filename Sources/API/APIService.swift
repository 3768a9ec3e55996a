public import AMQP
import ASL
public import Coordinator
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
public import Store

/// The AWS Step Functions HTTP API (AWS JSON 1.0): `POST /` with `X-Amz-Target:
/// AWSStepFunctions.<Action>`, signed with Signature Version 4, as a `Service`.
public final class APIService: Service, Sendable {
    let store: any ExecutionStore
    let launcher: ExecutionLauncher
    let url: AMQPURL
    let configuration: APIConfiguration
    let logger: Logger

    /// - Parameters:
    ///   - launcher: Starts executions (the local coordinator's, so its shards skip a replay).
    public init(store: any ExecutionStore, launcher: ExecutionLauncher, url: AMQPURL, configuration: APIConfiguration, logger: Logger) {
        self.store = store
        self.launcher = launcher
        self.url = url
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard, name: "stepwise-api", logger: logger)
        let context = APIContext(store: store, launcher: launcher, publisher: publisher, amqpURL: url, region: configuration.region,
                                 quotas: configuration.quotas, throttle: StartThrottle(quotas: configuration.quotas), logger: logger)
        let gate = RequestGate(keys: configuration.keys, verify: configuration.verifySignatures)
        let router = Router()
        router.post("/") { request, _ -> Response in
            await Self.handle(request, gate: gate, context: context)
        }
        // A health check, and the HTTP stack's own ceiling for the API benchmark's baseline.
        router.get("/ping") { _, _ -> Response in Self.respond(200, Array("{}".utf8)) }
        let accounts = Array(Set(configuration.keys.map(\.account))).sorted()
        router.get("/metrics") { _, _ -> Response in
            await Self.metrics(accounts: accounts, context: context)
        }
        let app = Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                                    serverName: nil), logger: logger)
        logger.info("API listening", metadata: ["address": "\(configuration.host):\(configuration.port)",
                                                "signatures": "\(configuration.verifySignatures ? "verified" : "NOT verified")"])
        do {
            try await app.run()
        } catch {
            await publisher.close()
            throw error
        }
        await publisher.close()
    }

    static func handle(_ request: Request, gate: RequestGate, context: APIContext) async -> Response {
        var request = request
        do {
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: 2 * 1024 * 1024)
            } catch {
                throw APIError("ValidationException", "The request body is too large.", status: 413)
            }
            let body = Array(buffer.readableBytesView)
            let caller = try gate.caller(for: request, body: body)
            let action = try Dispatch.action(target: request.headers[targetHeader])
            let result = try await action(try Params(body), caller, context)
            return respond(200, result.serializedBytes())
        } catch let error as APIError {
            let body = JSON.object(JSONObject([("__type", .string(error.code)), ("message", .string(error.message))]))
            return respond(error.status, body.serializedBytes())
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            let body = JSON.object(JSONObject([("__type", .string("InternalFailure")), ("message", .string("\(error)"))]))
            return respond(500, body.serializedBytes())
        }
    }

    /// Prometheus text: each configured account's open executions, limit and bucket level.
    static func metrics(accounts: [String], context: APIContext) async -> Response {
        var lines = [
            "# HELP stepwise_open_executions Open (RUNNING) executions of the account, as the quota counts them.",
            "# TYPE stepwise_open_executions gauge",
        ]
        var limits = ["# HELP stepwise_max_open_executions The account's open-execution limit.", "# TYPE stepwise_max_open_executions gauge"]
        var tokens = ["# HELP stepwise_start_bucket_tokens StartExecution tokens left in this process's bucket.",
                      "# TYPE stepwise_start_bucket_tokens gauge"]
        for account in accounts {
            let open = (try? await context.store.openExecutionCount(account: account)) ?? -1
            lines.append("stepwise_open_executions{account=\"\(account)\"} \(open)")
            limits.append("stepwise_max_open_executions{account=\"\(account)\"} \(context.quotas.limits(account).maxOpen)")
            tokens.append("stepwise_start_bucket_tokens{account=\"\(account)\"} \(context.throttle.level(account: account))")
        }
        let text = (lines + limits + tokens).joined(separator: "\n") + "\n"
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: .init(byteBuffer: ByteBuffer(bytes: Array(text.utf8))))
    }

    private static let targetHeader = HTTPField.Name("X-Amz-Target")!

    static func respond(_ status: Int, _ bytes: [UInt8]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/x-amz-json-1.0"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
