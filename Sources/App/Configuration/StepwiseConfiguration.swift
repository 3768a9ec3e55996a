public import AMQP
public import Coordinator
public import Logging
public import MessagesAMQP
import Yams

/// Everything a Stepwise process reads from `config/stepwise.yaml` and the environment.
/// Environment variables override the file; the file overrides the defaults.
public struct StepwiseConfiguration: Sendable {
    /// `amqp.url`, `STEPWISE_AMQP_URL`.
    public var amqpURL: AMQPURL
    /// `amqp.prefetch`, `STEPWISE_AMQP_PREFETCH`: unacked deliveries per consumer connection.
    public var amqpPrefetch: Int
    /// `amqp.queue_type` (`STEPWISE_AMQP_QUEUE_TYPE`): classic (one broker node) or quorum
    /// (replicated), and `amqp.delivery_limit` (`STEPWISE_AMQP_DELIVERY_LIMIT`) for quorum task queues.
    public var queues: QueueProfile
    /// `store`, `STEPWISE_STORE`.
    public var store: StoreLocation
    /// `api.host`, `STEPWISE_API_HOST`.
    public var apiHost: String
    /// `api.port`, `STEPWISE_API_PORT` (8083, as AWS Step Functions Local).
    public var apiPort: Int
    /// `region`, `STEPWISE_REGION`: the region in every ARN.
    public var region: String
    /// `log_level`, `STEPWISE_LOG_LEVEL`.
    public var logLevel: Logger.Level
    /// `api.verify_signatures`, `STEPWISE_API_VERIFY_SIGNATURES`: check Signature Version 4 (default true).
    public var verifySignatures: Bool
    /// `metrics.enabled`, `STEPWISE_METRICS_ENABLED`: the coordinator and workers report to `/metrics` (default true).
    public var metricsEnabled: Bool
    /// `metrics.state_machine_labels`, `STEPWISE_METRICS_STATE_MACHINE_LABELS`: execution metrics
    /// carry the state machine's name (default false: one series per account, however many machines).
    public var stateMachineLabels: Bool
    /// `worker.metrics_port`, `STEPWISE_WORKER_METRICS_PORT`: where `stepwise worker` serves
    /// `/metrics` (0: not served).
    public var workerMetricsPort: Int
    /// `log.format`, `STEPWISE_LOG_FORMAT`: `text` (default) or `json` (one object per line).
    public var logFormat: LogFormat

    public enum LogFormat: String, Sendable { case text, json }
    /// `tracing.enabled`, `STEPWISE_TRACING_ENABLED`: export OpenTelemetry traces (default false).
    public var tracingEnabled: Bool
    /// `tracing.endpoint`, `STEPWISE_TRACING_ENDPOINT`: the OTLP/HTTP traces URL, used as is.
    public var tracingEndpoint: String
    /// `tracing.protocol`, `STEPWISE_TRACING_PROTOCOL`: `http/protobuf` (default) or `http/json`.
    public var tracingJSON: Bool
    /// `tracing.sampling_ratio`, `STEPWISE_TRACING_SAMPLING_RATIO`: the share of new traces kept
    /// (0 to 1; a trace begun by a caller's sampled `traceparent` is always kept).
    public var tracingSamplingRatio: Double
    /// `accounts`: each account's id and access keys (the shipped two when the file names none).
    public var accounts: [Account]
    /// `quotas.*` (every account's defaults) and `accounts[].quotas` (one account's own).
    public var quotas: AccountQuotas

    /// An AWS account and the access keys that act for it.
    public struct Account: Sendable, Equatable {
        public var id: String
        public var accessKeys: [(id: String, secret: String)]
        /// This account's own limits (`accounts[].quotas`), each unset field taken from `quotas`.
        public var quotas: [String: String]

        public init(id: String, accessKeys: [(id: String, secret: String)], quotas: [String: String] = [:]) {
            self.id = id
            self.accessKeys = accessKeys
            self.quotas = quotas
        }

        public static func == (a: Account, b: Account) -> Bool {
            a.id == b.id && a.quotas == b.quotas && a.accessKeys.map(\.id) == b.accessKeys.map(\.id) && a.accessKeys.map(\.secret) == b.accessKeys.map(\.secret)
        }
    }

    /// The accounts when the file names none: `123456789012` (`test`/`test`) and `210987654321` (`test2`/`test2`).
    public static let defaultAccounts = [
        Account(id: "123456789012", accessKeys: [("test", "test")]),
        Account(id: "210987654321", accessKeys: [("test2", "test2")]),
    ]

    /// The defaults, used for anything neither the file nor the environment sets.
    public static let defaultValues: [String: String] = [
        "amqp.url": "amqp://guest:guest@127.0.0.1:5672/",
        "amqp.prefetch": "200",
        "amqp.queue_type": "classic",
        "amqp.delivery_limit": "20",
        "store": ".stepwise/stepwise.db",
        "api.host": "127.0.0.1",
        "api.port": "8083",
        "region": "us-east-1",
        "log_level": "info",
        "api.verify_signatures": "true",
        "quotas.max_open": "1000000",
        "quotas.nested_reserve": "0",
        "quotas.start_bucket": "1300",
        "quotas.start_refill": "300",
        "metrics.enabled": "true",
        "metrics.state_machine_labels": "false",
        "worker.metrics_port": "9091",
        "log.format": "text",
        "tracing.enabled": "false",
        "tracing.endpoint": "http://127.0.0.1:4318/v1/traces",
        "tracing.protocol": "http/protobuf",
        "tracing.sampling_ratio": "1",
    ]

    /// Field → environment variable that overrides it.
    public static let environmentNames: [String: String] = [
        "amqp.url": "STEPWISE_AMQP_URL",
        "amqp.prefetch": "STEPWISE_AMQP_PREFETCH",
        "amqp.queue_type": "STEPWISE_AMQP_QUEUE_TYPE",
        "amqp.delivery_limit": "STEPWISE_AMQP_DELIVERY_LIMIT",
        "store": "STEPWISE_STORE",
        "api.host": "STEPWISE_API_HOST",
        "api.port": "STEPWISE_API_PORT",
        "region": "STEPWISE_REGION",
        "log_level": "STEPWISE_LOG_LEVEL",
        "api.verify_signatures": "STEPWISE_API_VERIFY_SIGNATURES",
        "quotas.max_open": "STEPWISE_QUOTA_MAX_OPEN",
        "quotas.nested_reserve": "STEPWISE_QUOTA_NESTED_RESERVE",
        "quotas.start_bucket": "STEPWISE_QUOTA_START_BUCKET",
        "quotas.start_refill": "STEPWISE_QUOTA_START_REFILL",
        "metrics.enabled": "STEPWISE_METRICS_ENABLED",
        "metrics.state_machine_labels": "STEPWISE_METRICS_STATE_MACHINE_LABELS",
        "worker.metrics_port": "STEPWISE_WORKER_METRICS_PORT",
        "log.format": "STEPWISE_LOG_FORMAT",
        "tracing.enabled": "STEPWISE_TRACING_ENABLED",
        "tracing.endpoint": "STEPWISE_TRACING_ENDPOINT",
        "tracing.protocol": "STEPWISE_TRACING_PROTOCOL",
        "tracing.sampling_ratio": "STEPWISE_TRACING_SAMPLING_RATIO",
    ]

    /// Reads a YAML document (nil: no file) and the environment.
    /// - Throws: `ConfigError` naming the first bad field.
    public init(yaml: String?, environment: [String: String]) throws(ConfigError) {
        var values = Self.defaultValues
        accounts = Self.defaultAccounts
        if let yaml {
            let (flat, named) = try Self.flatten(yaml: yaml)
            for (k, v) in flat { values[k] = v }
            if let named { accounts = named }
        }
        for (field, variable) in Self.environmentNames {
            if let v = environment[variable] { values[field] = v }
        }
        func field(_ name: String) -> String { "\(name) (\(Self.environmentNames[name]!))" }
        do {
            amqpURL = try AMQPURL(values["amqp.url"]!)
        } catch {
            throw ConfigError("\(field("amqp.url")): \(error.message)")
        }
        amqpPrefetch = try Self.int(values["amqp.prefetch"]!, field("amqp.prefetch"), in: 1...65535)
        guard let kind = AMQPTopology.Queue.Kind(rawValue: values["amqp.queue_type"]!.lowercased()) else {
            throw ConfigError("\(field("amqp.queue_type")): '\(values["amqp.queue_type"]!)' is not classic or quorum")
        }
        queues = QueueProfile(kind: kind, deliveryLimit: try Self.int(values["amqp.delivery_limit"]!, field("amqp.delivery_limit"), in: 1...1000))
        store = try StoreLocation(values["store"]!)
        apiHost = values["api.host"]!
        guard !apiHost.isEmpty else { throw ConfigError("\(field("api.host")): must not be empty") }
        apiPort = try Self.int(values["api.port"]!, field("api.port"), in: 1...65535)
        region = values["region"]!
        guard region.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-[0-9]+/) != nil else {
            throw ConfigError("\(field("region")): '\(region)' is not a region name like us-east-1")
        }
        guard let level = Logger.Level(rawValue: values["log_level"]!.lowercased()) else {
            throw ConfigError("\(field("log_level")): '\(values["log_level"]!)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
        func limits(_ v: [String: String], _ where_: String) throws(ConfigError) -> AccountQuotas.Limits {
            func name(_ f: String) -> String { where_.isEmpty ? field("quotas.\(f)") : "\(where_).\(f)" }
            let maxOpen = try Self.int(v["max_open"]!, name("max_open"), in: 1...100_000_000)
            let reserve = try Self.int(v["nested_reserve"]!, name("nested_reserve"), in: 0...100_000_000)
            guard reserve < maxOpen else { throw ConfigError("\(name("nested_reserve")): must be less than max_open (\(maxOpen))") }
            let bucket = try Self.int(v["start_bucket"]!, name("start_bucket"), in: 1...100_000_000)
            guard let refill = Double(v["start_refill"]!), refill > 0, refill.isFinite else {
                throw ConfigError("\(name("start_refill")): '\(v["start_refill"]!)' is not a positive number")
            }
            return AccountQuotas.Limits(maxOpen: maxOpen, nestedReserve: reserve, startBucket: bucket, startRefill: refill)
        }
        var base: [String: String] = [:]
        for key in ["max_open", "nested_reserve", "start_bucket", "start_refill"] { base[key] = values["quotas.\(key)"]! }
        var perAccount: [String: AccountQuotas.Limits] = [:]
        for (i, account) in accounts.enumerated() where !account.quotas.isEmpty {
            perAccount[account.id] = try limits(base.merging(account.quotas) { $1 }, "accounts[\(i)].quotas")
        }
        quotas = AccountQuotas(defaults: try limits(base, ""), accounts: perAccount)
        verifySignatures = try Self.bool(values["api.verify_signatures"]!, field("api.verify_signatures"))
        metricsEnabled = try Self.bool(values["metrics.enabled"]!, field("metrics.enabled"))
        stateMachineLabels = try Self.bool(values["metrics.state_machine_labels"]!, field("metrics.state_machine_labels"))
        workerMetricsPort = try Self.int(values["worker.metrics_port"]!, field("worker.metrics_port"), in: 0...65535)
        guard let format = LogFormat(rawValue: values["log.format"]!.lowercased()) else {
            throw ConfigError("\(field("log.format")): '\(values["log.format"]!)' is not text or json")
        }
        logFormat = format
        tracingEnabled = try Self.bool(values["tracing.enabled"]!, field("tracing.enabled"))
        tracingEndpoint = values["tracing.endpoint"]!
        guard tracingEndpoint.hasPrefix("http://") || tracingEndpoint.hasPrefix("https://") else {
            throw ConfigError("\(field("tracing.endpoint")): '\(tracingEndpoint)' is not an http:// or https:// URL")
        }
        switch values["tracing.protocol"]!.lowercased() {
        case "http/protobuf": tracingJSON = false
        case "http/json": tracingJSON = true
        case let other: throw ConfigError("\(field("tracing.protocol")): '\(other)' is not http/protobuf or http/json")
        }
        guard let ratio = Double(values["tracing.sampling_ratio"]!), (0...1).contains(ratio) else {
            throw ConfigError("\(field("tracing.sampling_ratio")): '\(values["tracing.sampling_ratio"]!)' is not a number from 0 to 1")
        }
        tracingSamplingRatio = ratio
    }

    private static func bool(_ text: String, _ field: String) throws(ConfigError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        case let other: throw ConfigError("\(field): '\(other)' is not true or false")
        }
    }

    private static func int(_ text: String, _ field: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError("\(field): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// Turns the YAML mapping into dotted field names (an unknown field is an error) and reads `accounts`.
    static func flatten(yaml: String) throws(ConfigError) -> ([String: String], [Account]?) {
        let root: Any?
        do {
            root = try Yams.load(yaml: yaml)
        } catch {
            throw ConfigError("the file is not valid YAML: \(error)")
        }
        guard let root else { return ([:], nil) }
        guard var mapping = root as? [String: Any] else { throw ConfigError("the file must be a YAML mapping of fields") }
        var accounts: [Account]? = nil
        if let list = mapping.removeValue(forKey: "accounts") {
            accounts = try Self.accounts(list)
        }
        var out: [String: String] = [:]
        func walk(_ m: [String: Any], _ prefix: String) throws(ConfigError) {
            for (k, v) in m {
                let name = prefix.isEmpty ? k : "\(prefix).\(k)"
                if let sub = v as? [String: Any] {
                    try walk(sub, name)
                } else if defaultValues[name] != nil {
                    out[name] = "\(v)"
                } else {
                    throw ConfigError("unknown field '\(name)' (known: \(defaultValues.keys.sorted().joined(separator: ", ")))")
                }
            }
        }
        try walk(mapping, "")
        return (out, accounts)
    }

    /// `accounts: [{id: "123456789012", access_keys: [{id: test, secret: test}]}]`.
    static func accounts(_ value: Any) throws(ConfigError) -> [Account] {
        guard let list = value as? [Any], !list.isEmpty else { throw ConfigError("accounts: must be a non-empty list of accounts") }
        var out: [Account] = []
        var seen = Set<String>()
        for (i, item) in list.enumerated() {
            guard let m = item as? [String: Any], let id = m["id"].map({ "\($0)" }),
                  id.count == 12, id.allSatisfy(\.isNumber) else {
                throw ConfigError("accounts[\(i)].id: must be a 12-digit account id (quote it in YAML)")
            }
            guard let keys = m["access_keys"] as? [Any], !keys.isEmpty else {
                throw ConfigError("accounts[\(i)].access_keys: must list at least one {id, secret}")
            }
            var pairs: [(id: String, secret: String)] = []
            for (j, k) in keys.enumerated() {
                guard let km = k as? [String: Any], let kid = km["id"].map({ "\($0)" }), let secret = km["secret"].map({ "\($0)" }),
                      !kid.isEmpty, !secret.isEmpty else {
                    throw ConfigError("accounts[\(i)].access_keys[\(j)]: needs a non-empty id and secret")
                }
                guard seen.insert(kid).inserted else { throw ConfigError("accounts[\(i)].access_keys[\(j)]: key '\(kid)' is listed twice") }
                pairs.append((kid, secret))
            }
            var quotas: [String: String] = [:]
            if let q = m["quotas"] {
                guard let qm = q as? [String: Any] else { throw ConfigError("accounts[\(i)].quotas: must be a mapping") }
                for (k, v) in qm {
                    guard ["max_open", "nested_reserve", "start_bucket", "start_refill"].contains(k) else {
                        throw ConfigError("accounts[\(i)].quotas: unknown field '\(k)' (known: max_open, nested_reserve, start_bucket, start_refill)")
                    }
                    quotas[k] = "\(v)"
                }
            }
            out.append(Account(id: id, accessKeys: pairs, quotas: quotas))
        }
        return out
    }
}
