import AMQP
import App
import ArgumentParser
import ServiceLifecycle

struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the local cluster: connect to RabbitMQ, declare the topology, stay up until Ctrl-C or SIGTERM.",
        discussion: "Runs a coordinator on the configured store and a worker with the stock handlers; the HTTP API joins it when built.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let (config, logger) = try options.start()
        let services: ProcessServices
        do {
            services = try await buildDevCluster(configuration: config, logger: logger)
        } catch let error as AMQPError where error == .queueMismatch("") {
            fail("dev", error, broker: config.amqpURL)
        } catch let error as AMQPError {
            fail("cannot reach the broker at \(config.amqpURL): \(error.message)", code: 1)
        } catch {
            fail("cannot open the store (\(config.store)): \(error)", code: 1)
        }
        do {
            try await services.run()
        } catch let error as AMQPError {
            fail("dev", error, broker: config.amqpURL)
        }
    }
}
