import AMQP
import App
import ArgumentParser
import ServiceLifecycle

struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the local cluster: connect to RabbitMQ, declare the topology, stay up until Ctrl-C or SIGTERM.",
        discussion: "The coordinator, workers and the HTTP API join this process as they are built.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let logger = bootstrapLogging(config.logLevel)
        let group: ServiceGroup
        do {
            group = try await buildDevCluster(configuration: config, logger: logger)
        } catch let error as AMQPError {
            fail("cannot reach the broker at \(config.amqpURL): \(error.message)", code: 1)
        }
        try await group.run()
    }
}
