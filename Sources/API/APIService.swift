public import AMQP
import ASL
public import Coordinator
import Foundation
import JSONValue
public import Logging
import NIOHTTP1
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
        let publisher = try await AMQPPublisher.connect(to: url, topology: CoordinatorTopology.standard(configuration.queues), name: "stepwise-api", logger: logger)
        let context = APIContext(store: store, launcher: launcher, publisher: publisher, amqpURL: url, queues: configuration.queues, region: configuration.region,
                                 quotas: configuration.quotas, logger: logger, metrics: APIMetrics(configuration.metrics))
        let gate = RequestGate(keys: configuration.keys, verify: configuration.verifySignatures)
        let accounts = Array(Set(configuration.keys.map(\.account))).sorted()
        let server = HTTPServer(host: configuration.host, port: configuration.port)
        logger.info("API listening", metadata: ["address": "\(configuration.host):\(configuration.port)",
                                                "signatures": "\(configuration.verifySignatures ? "verified" : "NOT verified")"])
        do {
            let console = Console(keys: configuration.keys, context: context)
            try await server.run { request in
                if let page = await console.route(request) { return page }
                return await Self.route(request, gate: gate, accounts: accounts, context: context)
            }
        } catch {
            await publisher.close()
            throw error
        }
        await publisher.close()
    }

    /// `POST /` is the AWS API; `GET /ping` a health check (and the HTTP stack's own ceiling for the
    /// API benchmark's baseline); `GET /metrics` Prometheus text.
    static func route(_ request: HTTPServerRequest, gate: RequestGate, accounts: [String], context: APIContext) async
        -> HTTPServerResponse
    {
        switch (request.method, request.path) {
        case (.POST, "/"): return await handle(request, gate: gate, context: context)
        case (.GET, "/ping"): return respond(200, Array("{}".utf8))
        case (.GET, "/metrics"): return await metrics(accounts: accounts, context: context)
        default: return HTTPServerResponse(status: 404, contentType: "text/plain", body: [])
        }
    }

    static func handle(_ request: HTTPServerRequest, gate: RequestGate, context: APIContext) async -> HTTPServerResponse {
        let began = ContinuousClock.now
        let response = await answer(request, gate: gate, context: context)
        context.metrics.request(action: ActionTable.metricName(target: request.headers.first(name: "X-Amz-Target")),
                                status: response.status, duration: ContinuousClock.now - began)
        return response
    }

    static func answer(_ request: HTTPServerRequest, gate: RequestGate, context: APIContext) async -> HTTPServerResponse {
        do {
            if request.bodyTooLarge {
                throw APIError("ValidationException", "The request body is too large.", status: 413)
            }
            var caller = try gate.caller(for: request)
            caller.traceparent = request.headers.first(name: "traceparent")
            let action = try ActionTable.action(target: request.headers.first(name: "X-Amz-Target"))
            let result = try await action(try RequestMembers(request.body), caller, context)
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

    /// Prometheus text: each configured account's open executions, limit and bucket level, and the
    /// limits of state machines tagged with them, set as gauges now; then everything the process's
    /// registry holds (``APIMetrics``, the coordinator's and the worker's).
    static func metrics(accounts: [String], context: APIContext) async -> HTTPServerResponse {
        let m = context.metrics
        for account in accounts {
            let limits = context.quotas.limits(account)
            m.gauge("stepwise_open_executions", [("account", account)], Double((try? await context.store.openExecutionCount(account: account)) ?? -1))
            m.gauge("stepwise_max_open_executions", [("account", account)], Double(limits.maxOpen))
            m.gauge("stepwise_start_bucket_tokens", [("account", account)],
                    (try? await context.store.startTokens(account: account, bucket: limits.bucket, now: Date())) ?? -1)
            // State machines with Stepwise limits (tagged, so the label set stays as small as the user makes it).
            for machine in (try? await QuotaActions.limitedMachines(account: account, context)) ?? [] {
                guard let max = machine.limits.maxOpen else { continue }
                let labels = [("account", account), ("state_machine", ARNs.stateMachineName(of: machine.arn))]
                m.gauge("stepwise_state_machine_max_open_executions", labels, Double(max))
                m.gauge("stepwise_state_machine_open_executions", labels, Double(machine.count.open))
                m.gauge("stepwise_state_machine_pending_executions", labels, Double(machine.count.pending))
            }
        }
        let text = m.text()
        return HTTPServerResponse(status: 200, contentType: "text/plain; version=0.0.4", body: Array(text.utf8))
    }

    static func respond(_ status: Int, _ bytes: [UInt8]) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: "application/x-amz-json-1.0", body: bytes)
    }
}
