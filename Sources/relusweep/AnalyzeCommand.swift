import ArgumentParser
import ReLUTheory

/// `relusweep analyze`: the paper's analysis, computed rather than trained (ReLUTheory).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The momentum linear system and the single-ReLU loss surface, as tables or JSON.",
        discussion: """
            regimes: real / complex (oscillating) / divergent error of heavy ball or
                     Nesterov over lr*lambda x beta (paper figure P3).
            single:  dead region, stationary points and an optimizer's (w, b) path
                     for the single ReLU on relu1d data (P4).
            death:   predicted P(dead) of full-batch single-ReLU trials over
                     targetStd x momentum (theory overlay for P2).
            """,
        subcommands: [AnalyzeRegimesCommand.self, AnalyzeSingleCommand.self, AnalyzeDeathCommand.self])
}
