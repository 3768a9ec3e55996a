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
                                 quotas: configuration.quotas, logger: logger)
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
        do {
            if request.bodyTooLarge {
                throw APIError("ValidationException", "The request body is too large.", status: 413)
            }
            let caller = try gate.caller(for: request)
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

    /// Prometheus text: each configured account's open executions, limit and bucket level, then the
    /// registry's counters (`APIMetrics`).
    static func metrics(accounts: [String], context: APIContext) async -> HTTPServerResponse {
        var lines = [
            "# HELP stepwise_open_executions Open (RUNNING) executions of the account, as the quota counts them.",
            "# TYPE stepwise_open_executions gauge",
        ]
        var limits = ["# HELP stepwise_max_open_executions The account's open-execution limit.", "# TYPE stepwise_max_open_executions gauge"]
        var tokens = ["# HELP stepwise_start_bucket_tokens StartExecution tokens left in the account's bucket (shared by the cluster).",
                      "# TYPE stepwise_start_bucket_tokens gauge"]
        for account in accounts {
            let open = (try? await context.store.openExecutionCount(account: account)) ?? -1
            lines.append("stepwise_open_executions{account=\"\(account)\"} \(open)")
            limits.append("stepwise_max_open_executions{account=\"\(account)\"} \(context.quotas.limits(account).maxOpen)")
            let level = (try? await context.store.startTokens(account: account, bucket: context.quotas.limits(account).bucket, now: Date())) ?? -1
            tokens.append("stepwise_start_bucket_tokens{account=\"\(account)\"} \(level)")
        }
        // State machines with Stepwise limits (tagged, so the label set stays as small as the user makes it).
        var machines = [
            "# HELP stepwise_state_machine_max_open_executions A state machine's stepwise:maxOpen limit.",
            "# TYPE stepwise_state_machine_max_open_executions gauge",
            "# HELP stepwise_state_machine_open_executions Open executions of a state machine with a stepwise:maxOpen limit.",
            "# TYPE stepwise_state_machine_open_executions gauge",
            "# HELP stepwise_state_machine_pending_executions Starts of a state machine queued for a slot (PENDING).",
            "# TYPE stepwise_state_machine_pending_executions gauge",
        ]
        for account in accounts {
            for machine in (try? await QuotaActions.limitedMachines(account: account, context)) ?? [] {
                guard let max = machine.limits.maxOpen else { continue }
                let labels = "{account=\"\(account)\",state_machine=\"\(ARNs.stateMachineName(of: machine.arn))\"}"
                machines.append("stepwise_state_machine_max_open_executions\(labels) \(max)")
                machines.append("stepwise_state_machine_open_executions\(labels) \(machine.count.open)")
                machines.append("stepwise_state_machine_pending_executions\(labels) \(machine.count.pending)")
            }
        }
        let text = (lines + limits + tokens + machines).joined(separator: "\n") + "\n" + context.metrics.text()
        return HTTPServerResponse(status: 200, contentType: "text/plain; version=0.0.4", body: Array(text.utf8))
    }

    static func respond(_ status: Int, _ bytes: [UInt8]) -> HTTPServerResponse {
        HTTPServerResponse(status: status, contentType: "application/x-amz-json-1.0", body: bytes)
    }
}
