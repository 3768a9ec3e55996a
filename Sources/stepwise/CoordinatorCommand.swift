import AMQP
import App
import ArgumentParser
import ServiceLifecycle

/// `stepwise coordinator`: advances executions until SIGTERM or Ctrl-C.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run a coordinator: advance executions on the configured store, publish their tasks.",
        discussion: """
            Any number of coordinators may share one broker and one PostgreSQL store \
            (STEPWISE_STORE=postgres://...): they split the 32 execution shards by leases, and take \
            over a dead one's shards within seconds. With the default SQLite store, run one.
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let (config, logger) = try options.start()
        let services: ProcessServices
        do {
            services = try await buildCoordinator(configuration: config, logger: logger)
        } catch {
            fail("coordinator: cannot open the store (\(config.store)): \(error)", code: 1)
        }
        do {
            try await services.run()
        } catch let error as AMQPError {
            fail("coordinator", error, broker: config.amqpURL)
        }
    }
}
