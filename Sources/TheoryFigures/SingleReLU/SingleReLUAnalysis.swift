import Plot
import Plot
import ReLUCore
import ReLUTheory

/// The single-ReLU loss surface of one data draw and one optimizer's (w, b) path through it: what
/// `relusweep analyze single` reports, as JSON (Encodable) or text.
public struct SingleReLUAnalysis: Encodable, Sendable {
    public struct DataSummary: Encodable, Sendable {
        public let count: Int
        public let xMin: Double
        public let xMax: Double
        public let targetStd: Double
        public let seed: Int
        public let dataSeed: Int?
        /// Loss anywhere in the dead region: mean(y^2).
        public let deadLoss: Double
    }

    public struct DeadRegionSummary: Encodable, Sendable {
        public let xMin: Double
        public let xMax: Double
        /// D = {b <= -w xMin} and {b <= -w xMax}; its edge rays from the apex (0, 0).
        public let rayPositiveW: PlaneVector
        public let rayNegativeW: PlaneVector
        public let startIsDead: Bool
    }

    /// The quadratic piece the start lies on, seen as the momentum linear system.
    public struct InitialPiece: Encodable, Sendable {
        public let activeSet: ActiveSet
        public let hessianEigenvalues: [Double]
        /// lr * lambda per Hessian eigenvalue, and its regime (heavy ball for momentum and sgd
        /// with beta = 0 for sgd, Nesterov for nesterov; absent for adam).
        public let lrLambda: [Double]
        public let regimes: [MomentumRegime]?
    }

    public let data: DataSummary
    public let deadRegion: DeadRegionSummary
    public let stationaryPoints: [StationaryPoint]
    public let start: PlaneVector
    public let startSource: String
    public let initialPiece: InitialPiece
    public let trajectory: Trajectory

    private let surface: SingleReLUSurface

    public init(surface: SingleReLUSurface, config: TrialConfig, start: PlaneVector, startSource: String, trajectory: Trajectory) {
        self.surface = surface
        let d = surface.data
        data = DataSummary(count: d.count, xMin: d.xMin, xMax: d.xMax, targetStd: config.targetStd,
                           seed: config.seed, dataSeed: config.dataSeed, deadLoss: surface.deadLoss)
        let rays = surface.deadRegion.boundaryRays
        deadRegion = DeadRegionSummary(xMin: d.xMin, xMax: d.xMax, rayPositiveW: rays.positiveW,
                                       rayNegativeW: rays.negativeW, startIsDead: surface.isDead(w: start.w, b: start.b))
        stationaryPoints = surface.stationaryPoints()
        self.start = start
        self.startSource = startSource
        self.trajectory = trajectory
        let active = surface.activeSet(w: start.w, b: start.b)
        let eig = surface.hessian(on: active).eigenvalues
        let s = trajectory.settings
        let hs = eig.map { s.lr * $0 }
        let regimes: [MomentumRegime]?
        switch s.optimizer {
        case .sgd: regimes = hs.map { MomentumSystem(method: .heavyBall, lr: 1, beta: 0, curvature: $0).regime }
        case .momentum: regimes = hs.map { MomentumSystem(method: .heavyBall, lr: 1, beta: s.momentum, curvature: $0).regime }
        case .nesterov: regimes = hs.map { MomentumSystem(method: .nesterov, lr: 1, beta: s.momentum, curvature: $0).regime }
        case .adam: regimes = nil
        }
        initialPiece = InitialPiece(activeSet: active, hessianEigenvalues: eig, lrLambda: hs, regimes: regimes)
    }

    /// The analysis of `config`'s data (a single ReLU on a one-dimensional data set): the start is
    /// (w0, b0), or else exactly the training core's He initialization for `config.seed`
    /// (Float-rounded w, b = b0 ?? 0).
    public static func make(config: TrialConfig, settings: TrajectorySettings, w0: Double?, b0: Double?) throws(TheoryFigureError) -> SingleReLUAnalysis {
        let dataset: Dataset
        do { dataset = try Dataset.make(for: config) } catch { throw TheoryFigureError("dataset: \(error.description)") }
        let surface: SingleReLUSurface
        do { surface = try SingleReLUSurface(coreX: dataset.xTrain, coreY: dataset.yTrain) } catch {
            throw TheoryFigureError(error)
        }
        let start: PlaneVector
        let startSource: String
        if let w0 {
            start = PlaneVector(w: w0, b: b0 ?? 0)
            startSource = "--w0/--b0"
        } else {
            let network = SingleReLUNetwork(inputDim: 1, capacity: 1)
            var rng = DeterministicRNG(seed: UInt64(config.seed), stream: .initialization)
            network.initialize(rng: &rng)
            start = PlaneVector(w: network.unitWeights.w[0], b: b0 ?? network.unitWeights.b)
            startSource = "He initialization, seed \(config.seed)"
        }
        let simulator: TrajectorySimulator
        do { simulator = try TrajectorySimulator(surface: surface, settings: settings) } catch { throw TheoryFigureError(error) }
        return SingleReLUAnalysis(surface: surface, config: config, start: start, startSource: startSource,
                                  trajectory: simulator.run(w0: start.w, b0: start.b))
    }

    private enum CodingKeys: String, CodingKey {
        case data, deadRegion, stationaryPoints, start, startSource, initialPiece, trajectory
    }

    /// "x >= 0.12 (512 points)" for an active set.
    func describe(_ a: ActiveSet) -> String {
        let x = surface.data.x
        switch a.kind {
        case .none: return "none"
        case .all: return "all \(a.count) points"
        case .prefix: return "x <= \(NumberFormat.short(x[a.upper - 1])) (\(a.count) points)"
        case .suffix: return "x >= \(NumberFormat.short(x[a.lower])) (\(a.count) points)"
        }
    }

    public var text: String {
        var lines: [String] = []
        let f = NumberFormat.short
        lines.append("data:        relu1d, \(data.count) points, x in [\(f(data.xMin)), \(f(data.xMax))], targetStd \(f(data.targetStd)), "
                     + "seed \(data.seed)" + (data.dataSeed.map { ", dataSeed \($0)" } ?? ""))
        lines.append("loss:        mean((max(0, w x + b) - y)^2); in the dead region it is mean(y^2) = \(f(data.deadLoss))")
        lines.append("dead region: b <= \(f(-data.xMax)) w for w >= 0 and b <= \(f(-data.xMin)) w for w <= 0 (apex at the origin)")
        lines.append("stationary points outside the dead region (\(stationaryPoints.count)):")
        if stationaryPoints.isEmpty { lines.append("  none") }
        for p in stationaryPoints.prefix(20) {
            var line = "  \(p.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) w \(f(p.w)), b \(f(p.b)), loss \(f(p.loss)), "
                + "active \(describe(p.activeSet)), Hessian eigenvalues \(p.hessianEigenvalues.map(f).joined(separator: ", "))"
            if let h = p.hingeX { line += ", on the hinge through x = \(f(h))" }
            if let l = p.line {
                line += ", a ray of such points: b = \(f(l.intercept)) + \(f(l.slope)) w for w in "
                    + "[\(l.lowerW.map(f) ?? "-inf"), \(l.upperW.map(f) ?? "inf")]"
            }
            lines.append(line)
        }
        if stationaryPoints.count > 20 { lines.append("  ... \(stationaryPoints.count - 20) more (see --json)") }
        let s = trajectory.settings
        lines.append("start:       w \(f(start.w)), b \(f(start.b)) (\(startSource))\(deadRegion.startIsDead ? ", already dead" : "")")
        var piece = "start piece: active \(describe(initialPiece.activeSet)), lr*lambda \(initialPiece.lrLambda.map(f).joined(separator: ", "))"
        if let r = initialPiece.regimes { piece += " -> \(r.map(\.rawValue).joined(separator: ", "))" }
        lines.append(piece)
        lines.append("trajectory:  \(s.optimizer.rawValue) (beta \(f(s.momentum))), lr \(f(s.lr)), \(s.steps) steps"
                     + (s.outputBias ? ", with output bias c" : ""))
        let end = trajectory.final
        lines.append("  end:       step \(end.step), w \(f(end.w)), b \(f(end.b))" + (end.c.map { ", c \(f($0))" } ?? "")
                     + ", loss \(f(end.loss))")
        if let t = trajectory.divergenceStep {
            lines.append("  diverged at step \(t)")
        } else if let t = trajectory.firstDeadStep {
            lines.append("  entered the dead region at step \(t); "
                         + (trajectory.deadAtEnd ? "dead since step \(trajectory.deadSinceStep!)" : "alive again at the end")
                         + (trajectory.leftDeadRegion ? " (left it at least once)" : ""))
        } else {
            lines.append("  never entered the dead region")
        }
        let marks = stride(from: 0, to: trajectory.points.count, by: max(1, trajectory.points.count / 10)).map { trajectory.points[$0] }
        lines.append("  path:      " + marks.map { "\($0.step): (\(f($0.w)), \(f($0.b)))\($0.dead ? " dead" : "")" }.joined(separator: "  "))
        return lines.joined(separator: "\n")
    }
}
