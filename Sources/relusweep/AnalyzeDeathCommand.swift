import ArgumentParser
import Foundation
import ReLUCore
import ReLUTheory

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
        let sigmas = try parseNumberList(targetStd, flag: "target-std")
        let betas = try parseNumberList(momentum, flag: "momentum")
        var cells: [Cell] = []
        for beta in betas {
            for sigma in sigmas {
                var config = TrialConfig()
                config.model = .single
                config.dataset = .relu1d
                config.targetStd = sigma
                config.seed = seed
                config.nTrain = nTrain
                config.nTest = 0
                let data: Dataset
                do { data = try Dataset.make(for: config) } catch { throw ValidationError(error.description) }
                do {
                    let surface = try SingleReLUSurface(coreX: data.xTrain, coreY: data.yTrain)
                    let prediction = try DeathPrediction(surface: surface, settings: settings(beta), quantiles: quantiles)
                    cells.append(Cell(targetStd: sigma, momentum: beta, probability: prediction.probability, quantiles: quantiles))
                } catch {
                    throw ValidationError("--\(flagName(error.argument)): \(error.message)")
                }
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
        var lines = ["predicted P(dead), \(optimizer.rawValue), lr \(formatNumber(lr)), \(steps) full-batch steps, "
                     + "\(quantiles) He-init quantiles, relu1d n \(nTrain) seed \(seed)"
                     + (outputBias ? ", with output bias" : "") + "; rows momentum, columns targetStd"]
        lines.append(pad("momentum") + " |" + sigmas.map { pad(formatNumber($0)) }.joined())
        lines.append(String(repeating: "-", count: width + 2 + width * sigmas.count))
        for (row, beta) in betas.enumerated() {
            let values = cells[(row * sigmas.count)..<((row + 1) * sigmas.count)].map { pad(formatNumber($0.probability)) }
            lines.append(pad(formatNumber(beta)) + " |" + values.joined())
        }
        print(lines.joined(separator: "\n"))
    }
}
