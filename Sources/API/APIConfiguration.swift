public import Coordinator
public import MessagesAMQP

/// How the API listens and whom it trusts.
public struct APIConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The region written into ARNs.
    public var region: String
    /// Access keys and their accounts.
    public var keys: [AccessKey]
    /// Whether requests must carry a valid Signature Version 4 (turn off only for a throwaway local setup).
    public var verifySignatures: Bool
    /// Per-account limits: open executions and the StartExecution token bucket.
    public var quotas: AccountQuotas
    /// Classic or quorum queues (`amqp.queue_type`), for the queues the API declares.
    public var queues: QueueProfile
    /// The process's metrics, which `GET /metrics` writes out (a registry of the API's own when not given).
    public var metrics: ProcessMetrics

    public init(host: String = "127.0.0.1", port: Int = 8083, region: String = "us-east-1",
                keys: [AccessKey] = APIConfiguration.defaultKeys, verifySignatures: Bool = true,
                quotas: AccountQuotas = AccountQuotas(), queues: QueueProfile = .classic, metrics: ProcessMetrics = ProcessMetrics()) {
        self.host = host
        self.port = port
        self.region = region
        self.keys = keys
        self.verifySignatures = verifySignatures
        self.quotas = quotas
        self.queues = queues
        self.metrics = metrics
    }

    /// The shipped accounts: `123456789012` (key `test`/`test`) and `210987654321` (`test2`/`test2`).
    public static let defaultKeys = [
        AccessKey(id: "test", secret: "test", account: "123456789012"),
        AccessKey(id: "test2", secret: "test2", account: "210987654321"),
    ]
}
