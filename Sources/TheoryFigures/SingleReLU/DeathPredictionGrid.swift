import PhaseDiagram
import Plot
import Foundation
import ReLUCore
import ReLUTheory

/// ReLUTheory's predicted P(dead) (`DeathPrediction`) on a targetStd x momentum grid: the theory
/// overlay of paper figure P2. Each grid point trains the base config's single ReLU (with the
/// training core's output bias) from K quantiles of the He initialization on one data draw
/// (the base config's dataSeed, else its seed), full batch, in Double.
public struct DeathPredictionGrid: Hashable, Codable, Sendable {
    /// How the prediction was made, for tables and docs.
    public struct Settings: Hashable, Codable, Sendable {
        public let dataset: String
        public let optimizer: String
        public let lr: Double
        public let steps: Int
        public let nTrain: Int
        public let dataSeed: Int
        public let targetMean: Double
        public let quantiles: Int
        public let outputBias: Bool
    }

    /// Ascending.
    public let targetStds: [Double]
    /// Ascending.
    public let momenta: [Double]
    /// Row-major, momenta outer: the value at (targetStds[i], momenta[j]) is at j * targetStds.count + i.
    public let probabilities: [Double]
    public let settings: Settings

    /// - Parameters:
    ///   - base: the grid's other config keys (model single, a one-dimensional data set, full
    ///     batch: batchSize 0 or >= nTrain); targetStd and momentum are replaced per point.
    ///   - quantiles: initial slopes per point (K of `DeathPrediction`).
    ///   - outputBias: train the output bias c as the training core's single model does (false:
    ///     the bare max(0, w x + b)).
    public init(targetStds: [Double], momenta: [Double], base: TrialConfig, quantiles: Int = 32,
                outputBias: Bool = true) throws(TheoryFigureError) {
        guard base.model == .single else {
            throw TheoryFigureError("model: the P(dead) prediction is for a single ReLU, got '\(base.model.rawValue)'")
        }
        guard base.effectiveBatchSize == base.nTrain else {
            throw TheoryFigureError("batchSize: the prediction models full-batch training (batchSize 0), got \(base.batchSize) of nTrain \(base.nTrain)")
        }
        guard quantiles >= 1 else { throw TheoryFigureError("quantiles: needs >= 1, got \(quantiles)") }
        guard !targetStds.isEmpty, !momenta.isEmpty else { throw TheoryFigureError("targetStd, momentum: the grid needs at least one value of each") }
        let sigmas = Array(Set(targetStds)).sorted(), betas = Array(Set(momenta)).sorted()
        let optimizer = TrajectoryOptimizer(rawValue: base.optimizer.rawValue) ?? .momentum
        var values: [Double] = []
        for beta in betas {
            for sigma in sigmas {
                var config = base
                config.targetStd = sigma
                config.momentum = beta
                config.nTest = 0
                do { try config.validate() } catch { throw TheoryFigureError("\(error.key): \(error.message)") }
                let data: Dataset
                do { data = try Dataset.make(for: config) } catch { throw TheoryFigureError("dataset: \(error.description)") }
                guard data.inputDim == 1 else {
                    throw TheoryFigureError("dataset: the prediction needs one input, '\(base.dataset.description)' has \(data.inputDim)")
                }
                let settings = TrajectorySettings(optimizer: optimizer, lr: config.lr, momentum: beta, steps: config.steps,
                                                  beta2: config.beta2, eps: config.eps, outputBias: outputBias)
                do {
                    let surface = try SingleReLUSurface(coreX: data.xTrain, coreY: data.yTrain)
                    values.append(try DeathPrediction(surface: surface, settings: settings, quantiles: quantiles).probability)
                } catch {
                    throw TheoryFigureError(error)
                }
            }
        }
        self.targetStds = sigmas
        self.momenta = betas
        probabilities = values
        settings = Settings(dataset: base.dataset.description, optimizer: optimizer.rawValue, lr: base.lr, steps: base.steps,
                            nTrain: base.nTrain, dataSeed: base.dataSeed ?? base.seed, targetMean: base.targetMean,
                            quantiles: quantiles, outputBias: outputBias)
    }

    /// A grid of given probabilities (tests, or predictions computed elsewhere).
    init(targetStds: [Double], momenta: [Double], probabilities: [Double], settings: Settings) {
        precondition(probabilities.count == targetStds.count * momenta.count)
        self.targetStds = targetStds
        self.momenta = momenta
        self.probabilities = probabilities
        self.settings = settings
    }

    /// On the axes of a P2 table: targetStd and momentum as x and y (either way round), without
    /// facets (a facet would change the prediction per panel: aggregate one panel at a time).
    public init(table: PhaseTable, base: TrialConfig, quantiles: Int = 32) throws(TheoryFigureError) {
        let axes = try Self.axes(of: table)
        try self.init(targetStds: axes.targetStds, momenta: axes.momenta, base: base, quantiles: quantiles)
    }

    static func axes(of table: PhaseTable) throws(TheoryFigureError) -> (targetStds: [Double], momenta: [Double], transposed: Bool) {
        let keys = [table.xKey, table.yKey]
        guard Set(keys) == ["targetStd", "momentum"] else {
            throw TheoryFigureError("the P(dead) overlay needs a table over targetStd and momentum (--x targetStd --y momentum), got --x \(table.xKey) --y \(table.yKey)")
        }
        guard table.facetKeys.isEmpty else {
            throw TheoryFigureError("the P(dead) overlay needs a table without facets, got --facet \(table.facetKeys.joined(separator: ", ")); aggregate one panel at a time")
        }
        let xs = table.xValues.compactMap(\.number), ys = table.yValues.compactMap(\.number)
        guard xs.count == table.xValues.count, ys.count == table.yValues.count else {
            throw TheoryFigureError("the P(dead) overlay needs numeric targetStd and momentum values")
        }
        let transposed = table.xKey == "momentum"
        return transposed ? (ys, xs, true) : (xs, ys, false)
    }

    public func probability(targetStd: Double, momentum: Double) -> Double? {
        guard let i = targetStds.firstIndex(of: targetStd), let j = momenta.firstIndex(of: momentum) else { return nil }
        return probabilities[j * targetStds.count + i]
    }

    /// The level line P(dead) = level through the grid (linear interpolation in log10 targetStd
    /// and in momentum between grid points), as polylines of (x: targetStd, y: momentum).
    /// Empty when the prediction stays on one side of the level or the grid has a single row or
    /// column.
    public func boundary(level: Double = 0.75) -> [[PlotPoint]] {
        guard targetStds.allSatisfy({ $0 > 0 }) else { return [] }
        let tracer = ContourTracer(xs: targetStds.map(log10), ys: momenta, values: probabilities)
        return tracer.lines(at: level).map { line in line.map { PlotPoint(x: pow(10, $0.x), y: $0.y) } }
    }
}
