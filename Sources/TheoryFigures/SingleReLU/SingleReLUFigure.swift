import PhaseDiagram
import Plot
import Foundation
import ReLUCore
import ReLUTheory

/// Paper figure P4 from a trial config: the relu1d data of `relusweep train --model single
/// --dataset relu1d` (same targetStd, seed/dataSeed, nTrain), the training core's He start for
/// the seed, and two simulated full-batch paths from it: heavy ball with the config's momentum
/// and, for contrast, the same optimizer with beta = 0 (plain gradient descent).
///
/// The default (targetStd 0.1, seed 0, lr 0.05, 3,000 steps) is a deterministic case where
/// heavy ball with beta 0.9 enters the dead region at step 8 and stays, while beta = 0 reaches
/// the minimum: measured with `relusweep analyze single --target-std 0.1 --seed 0`. At
/// targetStd 1e-3 the same happens, but the minimum then sits on the apex of the dead region at
/// this scale. The paths are of the plain max(0, w x + b) the surface describes (no output
/// bias), so that they move on the drawn field.
public enum SingleReLUFigure {
    public static func defaultConfig() -> TrialConfig {
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.targetStd = 0.1
        c.seed = 0
        c.optimizer = .momentum
        c.momentum = 0.9
        c.lr = 0.05
        c.steps = 3000
        c.batchSize = 0
        c.nTest = 0
        return c
    }

    /// The figure's data. `config` must be a single ReLU on one-dimensional data with the
    /// momentum optimizer; `contrastMomentum` (nil = no second path) is the second path's beta.
    public static func plot(config: TrialConfig = defaultConfig(), contrastMomentum: Double? = 0,
                            window: PlaneWindow? = nil) throws(TheoryFigureError) -> SingleReLUFieldPlot {
        guard config.model == .single else {
            throw TheoryFigureError("model: the field plot is of a single ReLU, got '\(config.model.rawValue)'; use model single")
        }
        guard config.optimizer == .momentum || config.optimizer == .nesterov else {
            throw TheoryFigureError("optimizer: the field plot follows momentum or nesterov, got '\(config.optimizer.rawValue)'")
        }
        do { try config.validate() } catch { throw TheoryFigureError("\(error.key): \(error.message)") }
        var dataConfig = config
        dataConfig.nTest = 0
        let data: Dataset
        do { data = try Dataset.make(for: dataConfig) } catch { throw TheoryFigureError("dataset: \(error.description)") }
        guard data.inputDim == 1 else {
            throw TheoryFigureError("dataset: the (w, b) plane needs one input, '\(config.dataset.description)' has \(data.inputDim)")
        }
        let surface: SingleReLUSurface
        do { surface = try SingleReLUSurface(coreX: data.xTrain, coreY: data.yTrain) } catch { throw TheoryFigureError(error) }

        // Exactly the training core's initialization for this seed (He, b = 0).
        let network = SingleReLUNetwork(inputDim: 1, capacity: 1)
        var rng = DeterministicRNG(seed: UInt64(config.seed), stream: .initialization)
        network.initialize(rng: &rng)
        let start = PlaneVector(w: network.unitWeights.w[0], b: network.unitWeights.b)

        let optimizer: TrajectoryOptimizer = config.optimizer == .nesterov ? .nesterov : .momentum
        func run(_ beta: Double) throws(TheoryFigureError) -> Trajectory {
            let settings = TrajectorySettings(optimizer: optimizer, lr: config.lr, momentum: beta, steps: config.steps)
            do { return try TrajectorySimulator(surface: surface, settings: settings).run(w0: start.w, b0: start.b) } catch {
                throw TheoryFigureError(error)
            }
        }
        let name = optimizer == .nesterov ? "Nesterov" : "heavy ball"
        var paths = [FieldTrajectory(label: "\(name) β=\(NumberFormat.axis(config.momentum))", trajectory: try run(config.momentum),
                                     color: CategoricalPalette.okabeIto[1])]
        if let beta = contrastMomentum {
            let label = beta == 0 ? "β=0 (gradient descent)" : "\(name) β=\(NumberFormat.axis(beta))"
            paths.append(FieldTrajectory(label: label, trajectory: try run(beta), color: CategoricalPalette.okabeIto[0]))
        }
        let f = { (x: Double) in NumberFormat.statistic(x, digits: 3) }
        let subtitle = [
            "relu1d, \(surface.data.count) points, targetStd \(NumberFormat.axis(config.targetStd)), seed \(config.seed)"
                + (config.dataSeed.map { ", dataSeed \($0)" } ?? "")
                + "; L = mean((max(0, w·x + b) − y)²); full-batch paths, lr \(NumberFormat.axis(config.lr)), \(config.steps) steps, "
                + "from the He start of seed \(config.seed): w \(f(start.w)), b \(f(start.b))",
            "On a fixed active set L is a convex quadratic, so its only saddles are kinks on hinge lines; "
                + "in D every point is stationary (not marked).",
        ]
        var plot = SingleReLUFieldPlot(surface: surface, window: window ?? SingleReLUFieldPlot.window(trajectories: paths, surface: surface),
                                       trajectories: paths, title: "Single ReLU: gradient field, dead region and momentum paths on (w, b)",
                                       subtitle: subtitle)
        plot.dottedSteps = 40
        return plot
    }

    /// The SVG of `plot(config:...)`.
    public static func render(config: TrialConfig = defaultConfig(), contrastMomentum: Double? = 0) throws(TheoryFigureError) -> String {
        try SingleReLUFieldRenderer().render(plot(config: config, contrastMomentum: contrastMomentum))
    }
}
