import ArgumentParser

@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Runs AWS Step Functions state machines on a cluster of Swift processes over RabbitMQ.",
        subcommands: [Dev.self, CoordinatorCommand.self, WorkerCommand.self, Bench.self, LoadCommand.self, ConfigCommand.self])
}
