import AMQP
import App
import MessagesAMQP
import Foundation
import Testing

@Suite struct ConfigTests {
    @Test func defaultsWithoutFileOrEnvironment() throws {
        let c = try StepwiseConfiguration(yaml: nil, environment: [:])
        #expect(c.amqpURL.host == "127.0.0.1" && c.amqpURL.port == 5672 && c.amqpURL.user == "guest")
        #expect(c.store == .sqlite(path: ".stepwise/stepwise.db"))
        #expect(c.apiPort == 8083)
        #expect(c.region == "us-east-1")
    }

    @Test func fileThenEnvironmentOverrides() throws {
        let yaml = """
            amqp:
              url: amqp://a:b@broker:5000/v
              prefetch: 50
            api:
              port: 9000
            store: sqlite:/tmp/x.db
            """
        let fromFile = try StepwiseConfiguration(yaml: yaml, environment: [:])
        #expect(fromFile.amqpURL.host == "broker" && fromFile.amqpURL.vhost == "v")
        #expect(fromFile.amqpPrefetch == 50 && fromFile.apiPort == 9000)
        #expect(fromFile.store == .sqlite(path: "/tmp/x.db"))
        let env = ["STEPWISE_API_PORT": "8100", "STEPWISE_STORE": "postgres://u:p@db:5432/stepwise",
                   "STEPWISE_AMQP_URL": "amqps://h/"]
        let overridden = try StepwiseConfiguration(yaml: yaml, environment: env)
        #expect(overridden.apiPort == 8100)
        #expect(overridden.store == .postgres(url: "postgres://u:p@db:5432/stepwise"))
        #expect(overridden.amqpURL.tls && overridden.amqpURL.port == 5671)
        #expect(!overridden.store.description.contains(":p@"))
    }

    @Test func queueTypeIsClassicUnlessTheFileOrEnvironmentSaysQuorum() throws {
        #expect(try StepwiseConfiguration(yaml: nil, environment: [:]).queues == .classic)
        let file = try StepwiseConfiguration(yaml: "amqp:\n  queue_type: quorum\n  delivery_limit: 5\n", environment: [:])
        #expect(file.queues.kind == .quorum && file.queues.deliveryLimit == 5)
        let env = try StepwiseConfiguration(yaml: nil, environment: ["STEPWISE_AMQP_QUEUE_TYPE": "Quorum"])
        #expect(env.queues == .quorum)
    }

    @Test func theShippedConfigFileIsValid() throws {
        let path = #filePath.replacing(/Tests\/AppTests\/ConfigTests.swift$/, with: "config/stepwise.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let c = try StepwiseConfiguration(yaml: text, environment: [:])
        #expect(c.apiPort == 8083)
    }

    @Test(arguments: [
        (["STEPWISE_API_PORT": "0"], "api.port (STEPWISE_API_PORT)"),
        (["STEPWISE_API_PORT": "eighty"], "api.port (STEPWISE_API_PORT)"),
        (["STEPWISE_AMQP_URL": "rabbit://x"], "amqp.url (STEPWISE_AMQP_URL)"),
        (["STEPWISE_STORE": "mysql://db/x"], "store (STEPWISE_STORE)"),
        (["STEPWISE_STORE": "postgres://"], "store (STEPWISE_STORE)"),
        (["STEPWISE_REGION": "mars"], "region (STEPWISE_REGION)"),
        (["STEPWISE_LOG_LEVEL": "loud"], "log_level (STEPWISE_LOG_LEVEL)"),
        (["STEPWISE_AMQP_PREFETCH": "-1"], "amqp.prefetch (STEPWISE_AMQP_PREFETCH)"),
        (["STEPWISE_AMQP_QUEUE_TYPE": "stream"], "amqp.queue_type (STEPWISE_AMQP_QUEUE_TYPE)"),
        (["STEPWISE_AMQP_DELIVERY_LIMIT": "0"], "amqp.delivery_limit (STEPWISE_AMQP_DELIVERY_LIMIT)"),
    ])
    func badValuesNameTheirField(_ env: [String: String], _ field: String) {
        do {
            _ = try StepwiseConfiguration(yaml: nil, environment: env)
            Issue.record("accepted \(env)")
        } catch {
            #expect(error.message.hasPrefix(field))
        }
    }

    @Test func unknownFieldsAndBrokenYAMLAreErrors() {
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: "amqp:\n  urll: x\n", environment: [:]) }
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: "amqp: [1, 2\n", environment: [:]) }
        #expect(throws: ConfigError.self) { try StepwiseConfiguration(yaml: "- a\n- b\n", environment: [:]) }
    }
}
