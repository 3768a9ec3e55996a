import AMQP
import Logging
import Yams

/// Everything a Stepwise process reads from `config/stepwise.yaml` and the environment.
/// Environment variables override the file; the file overrides the defaults.
public struct StepwiseConfiguration: Sendable {
    /// `amqp.url`, `STEPWISE_AMQP_URL`.
    public var amqpURL: AMQPURL
    /// `amqp.prefetch`, `STEPWISE_AMQP_PREFETCH`: unacked deliveries per consumer connection.
    public var amqpPrefetch: Int
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

    /// The defaults, used for anything neither the file nor the environment sets.
    public static let defaultValues: [String: String] = [
        "amqp.url": "amqp://guest:guest@127.0.0.1:5672/",
        "amqp.prefetch": "200",
        "store": ".stepwise/stepwise.db",
        "api.host": "127.0.0.1",
        "api.port": "8083",
        "region": "us-east-1",
        "log_level": "info",
    ]

    /// Field → environment variable that overrides it.
    public static let environmentNames: [String: String] = [
        "amqp.url": "STEPWISE_AMQP_URL",
        "amqp.prefetch": "STEPWISE_AMQP_PREFETCH",
        "store": "STEPWISE_STORE",
        "api.host": "STEPWISE_API_HOST",
        "api.port": "STEPWISE_API_PORT",
        "region": "STEPWISE_REGION",
        "log_level": "STEPWISE_LOG_LEVEL",
    ]

    /// Reads a YAML document (nil: no file) and the environment.
    /// - Throws: `ConfigError` naming the first bad field.
    public init(yaml: String?, environment: [String: String]) throws(ConfigError) {
        var values = Self.defaultValues
        if let yaml {
            for (k, v) in try Self.flatten(yaml: yaml) { values[k] = v }
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
    }

    private static func int(_ text: String, _ field: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError("\(field): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// Turns the YAML mapping into dotted field names; an unknown field is an error.
    static func flatten(yaml: String) throws(ConfigError) -> [String: String] {
        let root: Any?
        do {
            root = try Yams.load(yaml: yaml)
        } catch {
            throw ConfigError("the file is not valid YAML: \(error)")
        }
        guard let root else { return [:] }
        guard let mapping = root as? [String: Any] else { throw ConfigError("the file must be a YAML mapping of fields") }
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
        return out
    }
}
