import Plot
import ArgumentParser
import Foundation
import ReLUCore
import ReLUTheory
import TheoryFigures

/// `relusweep analyze death`: predicted P(dead) of full-batch single-ReLU trials over
/// targetStd x momentum, from the deterministic dynamics (the theory overlay of P2).
struct AnalyzeDeathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "death",
        abstract: "Predicted P(dead) of a full-batch single ReLU on relu1d over targetStd x momentum.",
        discussion: """
            For each cell, runs the optimizer in Double from K quantiles of the He \
            initialization w0 ~ N(0, 2), b0 = 0, on one relu1d data draw (--seed, --n-train), \
            and reports the fraction that ends in the dead region. Full batch only: mini-batch \
            noise is not modelled. By default it trains the training core's model (output bias c).
            """)

    @Option(name: .customLong("target-std"), help: "targetStd values: a comma list or logspace(a, b, n).")
    var targetStd: String = "1e-4,1e-3,1e-2,1e-1,1,10"
    @Option(help: "Momentum values in [0, 1): a comma list.")
    var momentum: String = "0,0.5,0.9,0.99"
    @Option(help: "Optimizer: \(TrajectoryOptimizer.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: TrajectoryOptimizer = .momentum
    @Option(help: "Learning rate.")
    var lr: Double = 0.05
    @Option(help: "Training steps.")
    var steps: Int = 3000
    @Option(help: "Train samples.")
    var nTrain: Int = 1024
    @Option(help: "Seed of the data.")
    var seed: Int = 0
    @Option(help: "Initial slopes per cell (quantiles of the He initialization).")
    var quantiles: Int = 32
    @Flag(inversion: .prefixedNo, help: "Train the output bias c as the training core's single model does.")
    var outputBias = true
    @Flag(help: "Print one JSON object.")
    var json = false

    struct Cell: Encodable {
        let targetStd: Double
        let momentum: Double
        let probability: Double
        let quantiles: Int
    }

    struct Result: Encodable {
        let optimizer: TrajectoryOptimizer
        let lr: Double
        let steps: Int
        let nTrain: Int
        let seed: Int
        let outputBias: Bool
        let targetStds: [Double]
        let momenta: [Double]
        /// Row-major, momenta outer.
        let cells: [Cell]
    }

    func validate() throws {
        let sigmas = try parseNumberList(targetStd, flag: "target-std")
        if let bad = sigmas.first(where: { !($0 > 0) }) { throw ValidationError("--target-std: values must be > 0, got \(bad)") }
        for beta in try parseNumberList(momentum, flag: "momentum") {
            do { try settings(beta).validate() } catch {
                throw ValidationError("--\(flagName(error.argument)): \(error.message)")
            }
        }
        guard quantiles >= 1 else { throw ValidationError("--quantiles: must be >= 1, got \(quantiles)") }
        guard (1...1_000_000).contains(nTrain) else { throw ValidationError("--n-train: must be in 1...1000000, got \(nTrain)") }
        guard seed >= 0 else { throw ValidationError("--seed: must be >= 0, got \(seed)") }
    }

    func settings(_ beta: Double) -> TrajectorySettings {
        TrajectorySettings(optimizer: optimizer, lr: lr, momentum: beta, steps: steps, outputBias: outputBias)
    }

    func run() throws {
        var base = TrialConfig()
        base.model = .single
        base.dataset = .relu1d
        base.optimizer = OptimizerKind(rawValue: optimizer.rawValue) ?? .momentum
        base.lr = lr
        base.steps = steps
        base.seed = seed
        base.nTrain = nTrain
        base.batchSize = 0
        let grid: DeathPredictionGrid
        do {
            grid = try DeathPredictionGrid(targetStds: try parseNumberList(targetStd, flag: "target-std"),
                                           momenta: try parseNumberList(momentum, flag: "momentum"),
                                           base: base, quantiles: quantiles, outputBias: outputBias)
        } catch let error as TheoryFigureError {
            throw ValidationError(error.argument.map { "--\(flagName($0)): \(error.message.dropPrefix("\($0): "))" } ?? error.message)
        }
        let sigmas = grid.targetStds, betas = grid.momenta
        let cells = betas.flatMap { beta in
            sigmas.map { sigma in
                Cell(targetStd: sigma, momentum: beta, probability: grid.probability(targetStd: sigma, momentum: beta) ?? .nan,
                     quantiles: quantiles)
            }
        }
        let result = Result(optimizer: optimizer, lr: lr, steps: steps, nTrain: nTrain, seed: seed, outputBias: outputBias,
                            targetStds: sigmas, momenta: betas, cells: cells)
        if json {
            print(try jsonString(result))
            return
        }
        let width = 9
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var lines = ["predicted P(dead), \(optimizer.rawValue), lr \(NumberFormat.short(lr)), \(steps) full-batch steps, "
                     + "\(quantiles) He-init quantiles, relu1d n \(nTrain) seed \(seed)"
                     + (outputBias ? ", with output bias" : "") + "; rows momentum, columns targetStd"]
        lines.append(pad("momentum") + " |" + sigmas.map { pad(NumberFormat.short($0)) }.joined())
        lines.append(String(repeating: "-", count: width + 2 + width * sigmas.count))
        for (row, beta) in betas.enumerated() {
            let values = cells[(row * sigmas.count)..<((row + 1) * sigmas.count)].map { pad(NumberFormat.short($0.probability)) }
            lines.append(pad(NumberFormat.short(beta)) + " |" + values.joined())
        }
        print(lines.joined(separator: "\n"))
    }
}
