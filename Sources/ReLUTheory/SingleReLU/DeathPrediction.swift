import Foundation

/// The probability that a full-batch single-ReLU trial ends dead, by re-simulating the exact
/// deterministic dynamics from He-initialization quantiles (the overlay for paper figure P2).
/// This is a check of the training code against an independent Double implementation of the
/// same optimizer, not a prediction from theory: for that see `OvershootPrediction`.
///
/// Derivation. The training core initializes w ~ N(0, initStd^2) (He: initStd = sqrt 2 for
/// d = 1) with b = 0 (and output bias c = 0), and full-batch training is then deterministic.
/// So for given data P(dead) = P_w0[the trajectory from (w0, 0) ends in the dead region], a
/// one-dimensional Gaussian integral, computed here by the midpoint rule in probability:
/// w0_k = initStd * Phi^-1((k + 1/2) / K), k = 0..<K, each run by `TrajectorySimulator`.
///
/// Why small targets kill (for sgd, heavy ball and Nesterov, not Adam): ReLU is positively
/// homogeneous and these updates are linear in the gradient, so the run for targets sigma y
/// from theta0 is exactly sigma times the run for targets y from theta0 / sigma. Shrinking the
/// targets is the same as inflating the initialization: the start lies ever farther from an
/// optimum that sits next to the apex of the dead cone, and an underdamped (complex-regime)
/// momentum iterate swings past the optimum by an amount proportional to that distance,
/// across the cone's edge. We do not offer a closed-form boundary: the active set changes along
/// the path, so the linear-system picture alone does not decide where the path crosses.
///
/// Limits: one data draw (trials redraw data per seed); mini-batch noise is not modelled; the
/// simulator works in Double where the core works in Float.
public struct DeathPrediction: Hashable, Codable, Sendable {
    /// Fraction of the K initial slopes whose run ends dead.
    public let probability: Double
    public let quantiles: Int
    /// The initial slopes tried, ascending, and whether each run ended dead.
    public let initialW: [Double]
    public let endedDead: [Bool]

    /// - Parameters:
    ///   - settings: how the trial trains (set `outputBias` to model the core's `single`).
    ///   - initStd: standard deviation of the initial w (He for one input: sqrt 2).
    ///   - quantiles: K >= 1 initial slopes.
    public init(surface: SingleReLUSurface, settings: TrajectorySettings, initStd: Double = 2.0.squareRoot(),
                quantiles: Int = 64) throws(TheoryError) {
        guard quantiles >= 1 else { throw TheoryError(argument: "quantiles", "needs >= 1, got \(quantiles)") }
        guard initStd.isFinite, initStd > 0 else { throw TheoryError(argument: "initStd", "must be > 0, got \(initStd)") }
        var s = settings
        s.recordEvery = max(1, s.steps)  // only the end matters
        let simulator = try TrajectorySimulator(surface: surface, settings: s)
        var ws: [Double] = [], dead: [Bool] = []
        for k in 0..<quantiles {
            let w0 = initStd * Self.normalQuantile((Double(k) + 0.5) / Double(quantiles))
            ws.append(w0)
            dead.append(simulator.run(w0: w0, b0: 0).deadAtEnd)
        }
        initialW = ws
        endedDead = dead
        self.quantiles = quantiles
        probability = Double(dead.filter { $0 }.count) / Double(quantiles)
    }

    /// Phi^-1(p) for 0 < p < 1 by bisection on erfc (exact to ~1e-15, speed is no concern here).
    static func normalQuantile(_ p: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
