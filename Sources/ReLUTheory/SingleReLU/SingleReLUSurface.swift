/// The loss surface of a single ReLU f(x) = max(0, w x + b) on 1-D data, over the (w, b) plane.
/// With `outputBias`, the surface of the training core's `single`, max(0, w x + b) + c, with c at
/// its optimum for each (w, b): the profile L(w, b) = min_c L(w, b, c) = Var(f - y), the loss
/// that (w, b) descend once c has caught up (c is a free intercept, so it adapts fastest).
///
/// Loss convention: L = mean((f(x_i) - y_i)^2), as the training core (no 1/2). So on a fixed
/// active set A = {i : w x_i + b > 0}
///
///     grad L = (2/N) sum_{i in A} (w x_i + b - y_i) [x_i; 1]
///     H_A    = (2/N) sum_{i in A} [x_i; 1][x_i; 1]^T
///
/// which is twice paper.md's H_A (written for 1/2 MSE); the curvatures fed to `MomentumSystem`
/// must be eigenvalues of this H_A. A pre-activation of exactly 0 counts as inactive (the
/// training core's `h > 0`), so the gradient is the one-sided one from the inactive side.
public struct SingleReLUSurface: Sendable {
    public let data: SingleReLUData
    /// The output bias c is free and at its optimum for each (w, b) (the profile loss).
    public let outputBias: Bool

    public init(data: SingleReLUData, outputBias: Bool = false) {
        self.data = data
        self.outputBias = outputBias
    }

    public init(x: [Double], y: [Double], outputBias: Bool = false) throws(TheoryError) {
        data = try SingleReLUData(x: x, y: y)
        self.outputBias = outputBias
    }

    /// From the training core's Float data (d = 1).
    public init(coreX x: [Float], coreY y: [Float], outputBias: Bool = false) throws(TheoryError) {
        data = try SingleReLUData(coreX: x, coreY: y)
        self.outputBias = outputBias
    }

    /// The same data with or without the output bias.
    public func with(outputBias: Bool) -> SingleReLUSurface { SingleReLUSurface(data: data, outputBias: outputBias) }

    public var deadRegion: DeadRegion { DeadRegion(xMin: data.xMin, xMax: data.xMax) }

    /// The loss anywhere in the dead region: mean(y^2), or Var(y) with the output bias.
    public var deadLoss: Double { loss(w: 0, b: 0) }

    /// The output bias the loss uses at (w, b): 0 without `outputBias`, else its optimum
    /// mean(y - max(0, w x + b)).
    public func outputBias(w: Double, b: Double) -> Double {
        guard outputBias else { return 0 }
        var s = 0.0
        for (x, y) in zip(data.x, data.y) { s += y - max(0, w * x + b) }
        return s / Double(data.count)
    }

    public func loss(w: Double, b: Double) -> Double {
        evaluate(w: w, b: b, c: outputBias(w: w, b: b)).loss
    }

    /// The gradient in (w, b); with `outputBias` that of the profile, which is the partial
    /// gradient at the optimal c (dL/dc = 0 there).
    public func gradient(w: Double, b: Double) -> PlaneVector {
        let e = evaluate(w: w, b: b, c: outputBias(w: w, b: b))
        return PlaneVector(w: e.gradW, b: e.gradB)
    }

    /// Loss and gradient of max(0, w x + b) + c (c: the training core's output bias; 0 here
    /// means the plain single ReLU). gradC sums over all points, gradW/gradB over the active ones.
    func evaluate(w: Double, b: Double, c: Double) -> (loss: Double, gradW: Double, gradB: Double, gradC: Double) {
        let x = data.x, y = data.y
        var loss = 0.0, gw = 0.0, gb = 0.0, gc = 0.0
        for i in x.indices {
            let z = w * x[i] + b
            let a = z > 0 ? z : 0
            let r = a + c - y[i]
            loss += r * r
            gc += r
            if z > 0 {
                gw += r * x[i]
                gb += r
            }
        }
        let n = Double(x.count)
        return (loss / n, 2 * gw / n, 2 * gb / n, 2 * gc / n)
    }

    /// The points with w x + b > 0. Exact: w x + b is monotone in x even in floating point, so a
    /// binary search on the sorted data finds the same set as testing every point.
    public func activeSet(w: Double, b: Double) -> ActiveSet {
        let n = data.count
        let x = data.x
        func firstIndex(where predicate: (Int) -> Bool) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if predicate(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        if w > 0 {
            return ActiveSet(lower: firstIndex { w * x[$0] + b > 0 }, upper: n, total: n)
        } else if w < 0 {
            return ActiveSet(lower: 0, upper: firstIndex { !(w * x[$0] + b > 0) }, total: n)
        }
        return b > 0 ? ActiveSet(lower: 0, upper: n, total: n) : ActiveSet(lower: 0, upper: 0, total: n)
    }

    /// H_A = (2/N) sum_{i in A} [x_i; 1][x_i; 1]^T; with `outputBias` the profile's
    /// H_A - (2/N^2) s s^T with s = sum_{i in A} [x_i; 1] (c's own curvature 2 eliminated).
    /// Either way positive semidefinite: every quadratic piece is convex.
    public func hessian(on active: ActiveSet) -> SymmetricMatrix2 {
        let s = data.sums(active.lower, active.upper)
        let n = Double(data.count)
        let k = 2 / n
        guard outputBias else { return SymmetricMatrix2(ww: k * s.xx, wb: k * s.x, bb: k * s.n) }
        return SymmetricMatrix2(ww: k * (s.xx - s.x * s.x / n), wb: k * (s.x - s.x * s.n / n), bb: k * (s.n - s.n * s.n / n))
    }

    /// The Hessian of the quadratic piece containing (w, b).
    public func hessian(w: Double, b: Double) -> SymmetricMatrix2 {
        hessian(on: activeSet(w: w, b: b))
    }

    public func isDead(w: Double, b: Double) -> Bool { deadRegion.contains(w: w, b: b) }
}
