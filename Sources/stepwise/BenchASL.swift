import ArgumentParser
import Benchmarks
import Foundation
import JSONValue

struct BenchASL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asl",
        abstract: "Interpreter state transitions per second on one core, with a Foundation JSON calibration.",
        discussion: """
            Runs a Pass chain, a Choice loop and a Map of 1,000 items through the synchronous driver \
            (virtual time, history off). The calibration, measured in the same run, is Foundation \
            JSONSerialization round trips/s of the Pass chain's payload: the ratio shows how many such \
            round trips one state transition costs, whatever else the machine is doing.
            """)

    @Option(help: "Seconds per workload.") var seconds = 2.0

    func run() async throws {
        let calibration = InterpreterBenchmark.foundationRoundTrips()
        let figures = try InterpreterBenchmark.run(seconds: seconds)
        print("ASL interpreter benchmark (one core, synchronous driver, history off)")
        print(String(format: "calibration: Foundation JSONSerialization round trips/s  %10.0f", calibration))
        print("")
        print("workload                        transitions/execution   transitions/s   vs calibration")
        for f in figures {
            print(String(format: "%-32@ %20d %15.0f %15.2fx", f.name as NSString, f.transitionsPerExecution,
                         f.transitionsPerSecond, f.transitionsPerSecond / calibration))
        }
    }
}

struct BenchJSON: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "The JSON codec against Foundation's JSONSerialization on the same ~205 KB document.")

    func run() async throws {
        let f = try JSONBenchmark.run()
        print("JSON codec benchmark: \(f.documentBytes)-byte document, MB/s (10^6 bytes)")
        print("               Stepwise   Foundation   ratio")
        print(String(format: "parse       %10.1f %12.1f   %5.2fx", f.parseMBps, f.foundationParseMBps, f.parseMBps / f.foundationParseMBps))
        print(String(format: "serialize   %10.1f %12.1f   %5.2fx", f.serializeMBps, f.foundationSerializeMBps, f.serializeMBps / f.foundationSerializeMBps))
    }
}
