import Foundation

/// A closed-form prediction of P(dead) for the training core's `single` (max(0, w x + b) + c)
/// trained full batch with heavy-ball momentum from He initialization w0 ~ N(0, initStd^2),
/// b0 = c0 = 0: the paper's linear-system argument (C2) made quantitative, with no simulation.
///
/// 1. Homogeneity. ReLU is positively homogeneous and the updates are linear in the gradient,
///    so the run for targets sigma y from w0 is sigma times the run for y from w0 / sigma. So
///    work with standardized targets (sigma = 1) and the initial slope W = |w0| / sigma.
/// 2. One linear system per sign of w0. b0 = 0 puts the hinge at x = 0, so the start's active
///    set is A = {x > 0} (w0 > 0) or {x < 0} (w0 < 0). On A the loss is the quadratic with
///    features (x 1_A, 1_A, 1) in (w, b, c): Hessian H, minimizer theta*. Heavy ball on it is
///    the linear system of paper.md: along each eigenvector of H the error follows
///    `HeavyBallMode` in closed form, so the iterate is theta_k = theta* + sum of modes.
/// 3. Death = crossing the dead region's edge. The unit is dead once its pre-activation at
///    the far end of the data, n . theta_k (n = [x_max; 1; 0] for w0 > 0, [x_min; 1; 0] for
///    w0 < 0), is <= 0. The start is linear in W, so n . theta_k = alpha_k + W beta_k, and the
///    run dies iff alpha_k + W beta_k <= 0 for some step k <= steps: W above a threshold
///    (the overshoot, proportional to W, exceeds the margin, of order sigma in real units) or
///    below one.
/// 4. Hence P(dead) = 1/2 P_+ + 1/2 P_-, with P(W >= U) = erfc(sigma U / (sqrt 2 initStd)) and
///    P(W <= V) = erf(sigma V / (sqrt 2 initStd)) for each sign.
///
/// What it leaves out: the active set changes as the hinge moves (the model freezes it at the
/// start's); a unit that enters the dead region with enough speed can cross it and revive; and
/// the run length enters only through k <= steps. Tested against the exact dynamics
/// (`TrajectorySimulator`), it gets the threshold of correctly signed starts (w0 > 0 on relu1d)
/// to within a factor 1.4, and fails for wrongly signed ones, whose fate depends on the
/// path through other pieces. Adam is not linear in the gradient and is not covered.
public struct OvershootPrediction: Hashable, Codable, Sendable {
    /// The dying set of one sign of w0, in W = |w0| / sigma.
    public struct Side: Hashable, Codable, Sendable {
        /// +1 or -1.
        public let sign: Int
        /// Dies for every W >= this (nil: no such threshold within the steps).
        public let diesAbove: Double?
        /// Dies for every W <= this (nil: none).
        public let diesBelow: Double?
        /// The start piece's minimizer (w, b, c) and the eigenvalues of its Hessian.
        public let pieceOptimum: [Double]
        public let curvatures: [Double]

        /// P(W in the dying set) for W = |w0| / sigma, |w0| half-normal with scale initStd.
        public func probability(targetStd sigma: Double, initStd: Double) -> Double {
            let s = 2.0.squareRoot() * initStd
            if let u = diesAbove, let v = diesBelow, v >= u { return 1 }
            var p = 0.0
            if let u = diesAbove { p += erfc(sigma * max(0, u) / s) }
            if let v = diesBelow, v > 0 { p += erf(sigma * v / s) }
            return min(1, p)
        }
    }

    public let positive: Side
    public let negative: Side
    public let initStd: Double
    public let lr: Double
    public let momentum: Double
    public let steps: Int

    /// - Parameters:
    ///   - data: 1-D data with standardized targets (targetStd 1, as `relu1d` at sigma = 1).
    ///   - lr, momentum, steps: full-batch heavy ball (momentum 0: gradient descent).
    ///   - initStd: standard deviation of w0 (He for one input: sqrt 2).
    public init(data: SingleReLUData, lr: Double, momentum: Double, steps: Int,
                initStd: Double = 2.0.squareRoot()) throws(TheoryError) {
        guard lr.isFinite, lr > 0 else { throw TheoryError(argument: "lr", "must be > 0, got \(lr)") }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else {
            throw TheoryError(argument: "momentum", "must be in [0, 1), got \(momentum)")
        }
        guard steps >= 1 else { throw TheoryError(argument: "steps", "must be >= 1, got \(steps)") }
        guard initStd.isFinite, initStd > 0 else { throw TheoryError(argument: "initStd", "must be > 0, got \(initStd)") }
        guard data.xMin < 0, data.xMax > 0 else {
            throw TheoryError(argument: "data", "needs inputs of both signs (standardized), got x in [\(data.xMin), \(data.xMax)]")
        }
        self.lr = lr
        self.momentum = momentum
        self.steps = steps
        self.initStd = initStd
        positive = try Self.side(data: data, sign: 1, lr: lr, beta: momentum, steps: steps)
        negative = try Self.side(data: data, sign: -1, lr: lr, beta: momentum, steps: steps)
    }

    /// Predicted P(dead) at targetStd sigma.
    public func probability(targetStd sigma: Double) -> Double {
        0.5 * positive.probability(targetStd: sigma, initStd: initStd) + 0.5 * negative.probability(targetStd: sigma, initStd: initStd)
    }

    /// The start piece's quadratic: H = (2/N) sum psi psi^T, minimizer from the normal
    /// equations, psi = (x 1_A, 1_A, 1).
    static func piece(data: SingleReLUData, sign: Int) -> (h: [[Double]], optimum: [Double])? {
        var g = [[Double]](repeating: [0, 0, 0], count: 3)
        var r = [0.0, 0, 0]
        for (x, y) in zip(data.x, data.y) {
            let a: Double = Double(sign) * x > 0 ? 1 : 0
            let psi = [x * a, a, 1]
            for i in 0..<3 {
                r[i] += psi[i] * y
                for j in 0..<3 { g[i][j] += psi[i] * psi[j] }
            }
        }
        guard let solution = solve3(g, r) else { return nil }
        let k = 2 / Double(data.count)
        return (g.map { $0.map { $0 * k } }, solution)
    }

    static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(a)
        guard d.isFinite, abs(d) > 1e-14 * a.flatMap { $0 }.map(abs).reduce(0, +) else { return nil }
        return (0..<3).map { col in
            var m = a
            for row in 0..<3 { m[row][col] = b[row] }
            return det(m) / d
        }
    }

    static func side(data: SingleReLUData, sign: Int, lr: Double, beta: Double, steps: Int) throws(TheoryError) -> Side {
        guard let (h, optimum) = piece(data: data, sign: sign) else {
            throw TheoryError(argument: "data", "the start piece's quadratic is singular (too few distinct x of sign \(sign))")
        }
        let (values, vectors) = SymmetricEigen.decompose(h)
        let n = [sign > 0 ? data.xMax : data.xMin, 1, 0]
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        // theta_k = theta* + sum_i q_i (q_i . e_0) r_i(k), e_0 = (sign W, 0, 0) - theta*.
        let nq = vectors.map { dot(n, $0) }
        let qOptimum = vectors.map { dot($0, optimum) }
        let modes = values.map { HeavyBallMode(lr: lr, beta: beta, curvature: $0) }
        let base = dot(n, optimum)
        var above: Double? = nil, below: Double? = nil
        for k in 1...steps {
            var alpha = base, slope = 0.0
            for i in 0..<3 {
                let r = modes[i].response(k)
                alpha -= nq[i] * qOptimum[i] * r
                slope += nq[i] * Double(sign) * vectors[i][0] * r
            }
            // alpha + W slope <= 0.
            if slope < 0 {
                let t = -alpha / slope
                above = min(above ?? .infinity, max(0, t))
            } else if slope > 0 {
                if alpha <= 0 { below = max(below ?? 0, -alpha / slope) }
            } else if alpha <= 0 {
                above = 0
            }
        }
        return Side(sign: sign, diesAbove: above, diesBelow: below, pieceOptimum: optimum, curvatures: values)
    }
}
