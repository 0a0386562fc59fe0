/// The loss of the training core's `neuron`, f(x) = v max(0, w x + b) + c, on 1-D data:
/// L(w, b, v, c) = mean((f(x_i) - y_i)^2), parameters in the core's order [w, b, v, c].
///
/// The output weight makes the pieces non-convex (f is bilinear in v and (w, b)), so unlike the
/// single ReLU this model has smooth strict saddles. The one that matters at initialization:
/// at w = 0, b > 0, v = 0, c = mean(y) the unit is active on every point with the constant
/// output b, v = 0 switches it off the output, and c fits the mean. The gradient is zero (the
/// residual y - mean(y) is orthogonal to the constants, and v = 0 kills dL/dw, dL/db), and in
/// the coordinates (v, w, c) the Hessian is
///
///     [[2 b^2, -2 cov(x, y), 2 b], [-2 cov(x, y), 0, 0], [2 b, 0, 2]]
///
/// (b is flat: the whole ray b > 0 is stationary), with determinant -8 cov(x, y)^2 < 0: one
/// negative eigenvalue whenever x and y are correlated. Moving v and w together along
/// sign(cov) fits the slope and lowers the loss at second order.
public struct NeuronSurface: Sendable {
    public let data: SingleReLUData

    public init(data: SingleReLUData) {
        self.data = data
    }

    public init(x: [Double], y: [Double]) throws(TheoryError) {
        data = try SingleReLUData(x: x, y: y)
    }

    /// Parameters [w, b, v, c].
    public func loss(_ p: [Double]) -> Double {
        precondition(p.count == 4)
        var sum = 0.0
        for (x, y) in zip(data.x, data.y) {
            let r = p[2] * max(0, p[0] * x + p[1]) + p[3] - y
            sum += r * r
        }
        return sum / Double(data.count)
    }

    /// dL/d[w, b, v, c] (the one-sided gradient from the inactive side on a hinge, as the core).
    public func gradient(_ p: [Double]) -> [Double] {
        precondition(p.count == 4)
        var g = [0.0, 0, 0, 0]
        for (x, y) in zip(data.x, data.y) {
            let z = p[0] * x + p[1]
            let a = max(0, z)
            let r = p[2] * a + p[3] - y
            if z > 0 {
                g[0] += r * p[2] * x
                g[1] += r * p[2]
            }
            g[2] += r * a
            g[3] += r
        }
        let k = 2 / Double(data.count)
        return g.map { $0 * k }
    }

    /// The Hessian on the piece containing p (no data point on its hinge):
    /// 2 mean(J J^T) + 2 mean(r d2f), where J = df/dp and the only second derivatives of f are
    /// d2f/dv dw = x and d2f/dv db = 1 on active points.
    public func hessian(_ p: [Double]) -> [[Double]] {
        precondition(p.count == 4)
        var h = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for (x, y) in zip(data.x, data.y) {
            let z = p[0] * x + p[1]
            let active = z > 0
            let a = active ? z : 0
            let r = p[2] * a + p[3] - y
            let j = [active ? p[2] * x : 0, active ? p[2] : 0, a, 1]
            for i in 0..<4 { for k in 0..<4 { h[i][k] += j[i] * j[k] } }
            if active {
                h[0][2] += r * x
                h[2][0] += r * x
                h[1][2] += r
                h[2][1] += r
            }
        }
        let k = 2 / Double(data.count)
        return h.map { $0.map { $0 * k } }
    }

    /// The point w = 0, b, v = 0, c = mean(y) (b > 0): a strict saddle when cov(x, y) != 0.
    public func zeroOutputSaddle(b: Double) -> [Double] {
        [0, b, 0, data.sums(0, data.count).y / Double(data.count)]
    }

    /// Ascending Hessian eigenvalues at p.
    public func hessianEigenvalues(_ p: [Double]) -> [Double] {
        SymmetricEigen.eigenvalues(hessian(p))
    }
}
