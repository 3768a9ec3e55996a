import App
import ArgumentParser

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration and print the values in effect (file, then environment overrides).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let c = try options.load()
        print("amqp.url       \(c.amqpURL)")
        print("amqp.prefetch  \(c.amqpPrefetch)")
        print("store          \(c.store)")
        print("api.host       \(c.apiHost)")
        print("api.port       \(c.apiPort)")
        print("region         \(c.region)")
        print("log_level      \(c.logLevel)")
    }
}
