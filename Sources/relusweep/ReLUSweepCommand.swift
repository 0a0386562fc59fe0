import ArgumentParser

@main
struct ReLUSweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relusweep",
        abstract: "Measure when and why ReLU networks die: train trials, run sweeps, draw phase diagrams.",
        discussion: """
            Reproduces "The effect of Target Normalization and Momentum on Dying ReLU"
            (Arnekvist et al., 2020) with our own reconstructed protocol.

            One machine:   relusweep run grids/smoke.yaml
            One trial:     relusweep train --model mlp --target-std 0.001 --optimizer adam
            Many machines: relusweep coordinator ... / relusweep worker --coordinator URL
            """,
        subcommands: [
            TrainCommand.self,
            RunCommand.self,
            PlanCommand.self,
            CoordinatorCommand.self,
            AggregateCommand.self,
            CompareCommand.self,
            FiguresCommand.self,
            AnalyzeCommand.self,
            WorkerCommand.self,
            SubmitCommand.self,
            StatusCommand.self,
            PauseCommand.self,
            ResumeCommand.self,
            CancelCommand.self,
            ResultsCommand.self,
            CheckCommand.self,
            BackupCommand.self,
        ])
}
