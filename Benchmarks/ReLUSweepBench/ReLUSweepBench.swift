import ArgumentParser

@main
struct ReLUSweepBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ReLUSweepBench",
        abstract: "ReLUSweep's benchmarks (run by `make bench`). Figures are medians; the machine is shared.",
        subcommands: [CoreBenchCommand.self, PeakCommand.self],
        defaultSubcommand: CoreBenchCommand.self)
}
