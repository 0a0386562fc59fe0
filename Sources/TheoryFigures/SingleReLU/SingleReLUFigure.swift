import PhaseDiagram
import Plot
import Foundation
import ReLUCore
import ReLUTheory

/// Paper figure P4 from a trial config: the 1-D data of `relusweep train --model single` (same
/// dataset, targetStd, seed/dataSeed, nTrain), the training core's He start for the seed, and
/// two simulated full-batch paths from it: heavy ball with the config's momentum and, for
/// contrast, the same optimizer with beta = 0 (plain gradient descent).
///
/// The surface is the loss P2 actually descends: the model max(0, w x + b) + c with c at its
/// optimum for each (w, b) (`SingleReLUSurface(outputBias: true)`), and the paths train
/// (w, b, c) together from c = 0 as the core does, drawn on the (w, b) plane (c lags its
/// optimum, so a path does not follow the arrows exactly). Marked: minima, kink saddles, the
/// apex of the dead region (a nonsmooth saddle) and its two edges (on relu1d the w > 0 edge is
/// a ray of degenerate saddles, the w < 0 edge of weak minima).
///
/// The default (relu1d, targetStd 0.1, seed 3, lr 0.05, 3,000 steps) is a deterministic case
/// where heavy ball with beta 0.9 enters the dead region at step 10 and stays, while beta = 0
/// reaches the minimum. (Seed 0's start, w 0.719, survives both with the output bias free: at
/// targetStd 0.1 heavy ball kills correctly signed starts only above w0 ~ 0.75 to 1.) The
/// `zigzagConfig()` (zigzag1d, seed 9) has kink saddles, the finite-data form of the
/// population's smooth saddle at w ~ 0.81, b ~ -0.28: both paths pass within 0.05 of one and
/// then part, heavy ball to the minimum, gradient descent to the ray of all-active fits.
public enum SingleReLUFigure {
    public static func defaultConfig() -> TrialConfig {
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.targetStd = 0.1
        c.seed = 3
        c.optimizer = .momentum
        c.momentum = 0.9
        c.lr = 0.05
        c.steps = 3000
        c.batchSize = 0
        c.nTest = 0
        return c
    }

    /// zigzag1d at targetStd 1 from the He start of seed 9 (w 1.28): a two-hinge target whose
    /// profile has a saddle at w > 0.
    public static func zigzagConfig() -> TrialConfig {
        var c = defaultConfig()
        c.dataset = .zigzag1d
        c.targetStd = 1
        c.seed = 9
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
        do { surface = try SingleReLUSurface(coreX: data.xTrain, coreY: data.yTrain, outputBias: true) } catch { throw TheoryFigureError(error) }

        // Exactly the training core's initialization for this seed (He, b = 0).
        let network = SingleReLUNetwork(inputDim: 1, capacity: 1)
        var rng = DeterministicRNG(seed: UInt64(config.seed), stream: .initialization)
        network.initialize(rng: &rng)
        let start = PlaneVector(w: network.unitWeights.w[0], b: network.unitWeights.b)

        let optimizer: TrajectoryOptimizer = config.optimizer == .nesterov ? .nesterov : .momentum
        func run(_ beta: Double) throws(TheoryFigureError) -> Trajectory {
            let settings = TrajectorySettings(optimizer: optimizer, lr: config.lr, momentum: beta, steps: config.steps, outputBias: true)
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
        let saddles = (surface.stationaryPoints() + surface.deadBoundaryPoints()).filter { $0.kind == .saddle }
        let kinkSaddles = saddles.filter { $0.location == .kink }.count
        let subtitle = [
            "\(config.dataset.description), \(surface.data.count) points, targetStd \(NumberFormat.axis(config.targetStd)), seed \(config.seed)"
                + (config.dataSeed.map { ", dataSeed \($0)" } ?? "") + "; L = min over c of mean((max(0, w·x + b) + c − y)²)",
            "full-batch paths of (w, b, c) from c = 0, lr \(NumberFormat.axis(config.lr)), \(config.steps) steps, "
                + "from the He start of seed \(config.seed): w \(f(start.w)), b \(f(start.b))",
            "Each piece (fixed active set) is convex: saddles are kinks on hinge lines (\(kinkSaddles) here) and the apex of D; "
                + "inside D every point is stationary, its edges are drawn by kind.",
        ]
        var plot = SingleReLUFieldPlot(surface: surface, window: window ?? SingleReLUFieldPlot.window(trajectories: paths, surface: surface),
                                       trajectories: paths, title: "Single ReLU (output bias at its optimum): gradient field, stationary points and momentum paths on (w, b)",
                                       subtitle: subtitle)
        plot.dottedSteps = 40
        return plot
    }

    /// The SVG of `plot(config:...)`.
    public static func render(config: TrialConfig = defaultConfig(), contrastMomentum: Double? = 0) throws(TheoryFigureError) -> String {
        try SingleReLUFieldRenderer().render(plot(config: config, contrastMomentum: contrastMomentum))
    }
}
