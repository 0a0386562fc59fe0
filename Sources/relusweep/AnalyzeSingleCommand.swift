import ArgumentParser
import Foundation
import ReLUCore
import ReLUTheory
import TheoryFigures

/// `relusweep analyze single`: the single-ReLU loss surface on relu1d data and one optimizer's
/// (w, b) path through it (P4).
struct AnalyzeSingleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "single",
        abstract: "Dead region, stationary points and a simulated (w, b) trajectory of a single ReLU on relu1d data.",
        discussion: """
            The data are exactly those of `relusweep train --model single --dataset relu1d` with \
            the same --target-std, --seed (or --data-seed) and --n-train. The surface is that of \
            f(x) = max(0, w x + b) under L = mean((f - y)^2); the trajectory is simulated in \
            Double on the full data set. With --output-bias it trains the training core's model \
            max(0, w x + b) + c instead (c starts at 0), whose (w, b) path may differ.

            The start is (--w0, --b0), or else the training core's He initialization for --seed.
            """)

    @Option(help: "Target standard deviation sigma.")
    var targetStd: Double = 1
    @Option(help: "Seed of the data (unless --data-seed) and of the He initialization.")
    var seed: Int = 0
    @Option(help: "Seed of the data alone.")
    var dataSeed: Int?
    @Option(help: "Train samples.")
    var nTrain: Int = 1024
    @Option(help: "Optimizer: \(TrajectoryOptimizer.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: TrajectoryOptimizer = .momentum
    @Option(help: "Momentum beta (Adam's beta1), in [0, 1).")
    var momentum: Double = 0.9
    @Option(help: "Learning rate.")
    var lr: Double = 0.05
    @Option(help: "Training steps.")
    var steps: Int = 3000
    @Option(help: "Start w (default: He initialization for --seed).")
    var w0: Double?
    @Option(help: "Start b (default: 0, the He initialization's bias).")
    var b0: Double?
    @Flag(help: "Train an output bias c as the training core's single model does.")
    var outputBias = false
    @Option(help: "Keep every N-th trajectory point (default: steps/100).")
    var recordEvery: Int?
    @Flag(help: "Print one JSON object.")
    var json = false

    /// The trial config whose train split is the data; errors name the flag.
    func trialConfig() throws -> TrialConfig {
        var config = TrialConfig()
        config.model = .single
        config.dataset = .relu1d
        config.targetStd = targetStd
        config.seed = seed
        config.dataSeed = dataSeed
        config.nTrain = nTrain
        config.nTest = 0
        do {
            try config.validate()
        } catch {
            throw ValidationError("--\(flagName(error.key)): \(error.message)")
        }
        return config
    }

    var settings: TrajectorySettings {
        TrajectorySettings(optimizer: optimizer, lr: lr, momentum: momentum, steps: steps,
                           recordEvery: recordEvery ?? max(1, steps / 100), outputBias: outputBias)
    }

    func validate() throws {
        _ = try trialConfig()
        do { try settings.validate() } catch {
            throw ValidationError("--\(flagName(error.argument)): \(error.message)")
        }
        if let w0, !w0.isFinite { throw ValidationError("--w0: must be finite, got \(w0)") }
        if let b0, !b0.isFinite { throw ValidationError("--b0: must be finite, got \(b0)") }
    }

    func run() throws {
        let analysis: SingleReLUAnalysis
        do {
            analysis = try SingleReLUAnalysis.make(config: try trialConfig(), settings: settings, w0: w0, b0: b0)
        } catch let error as TheoryFigureError {
            throw ValidationError(error.argument.map { "--\(flagName($0)): \(error.message.dropPrefix("\($0): "))" } ?? error.message)
        }
        print(json ? try jsonString(analysis) : analysis.text)
    }
}
