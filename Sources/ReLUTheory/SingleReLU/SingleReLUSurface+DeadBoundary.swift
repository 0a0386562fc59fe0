import Foundation

extension SingleReLUSurface {
    /// The nonsmooth stationary points on the dead region's boundary: its apex (0, 0) and its
    /// two edge rays. In the dead region every point is stationary and the loss is flat
    /// (mean(y^2), or Var(y) with the output bias); at its boundary some data points sit on
    /// their hinge and switch on when (w, b) moves out, so the loss changes to first order:
    ///
    ///     L'(p; d) = -(2/N) sum_{i: w x_i + b = 0} max(0, d . [x_i; 1]) (y_i - c0)
    ///
    /// with c0 = 0, or c0 = mean(y) (the optimal output bias on the dead region; the profile's
    /// directional derivative is the partial one at c0). No other point changes side for a
    /// small enough step. So
    /// - the apex, where every point is on its hinge, is a `saddle` (location `apex`) when
    ///   L'(0; d) takes both signs: for centred targets (standardized, targetMean 0) it always
    ///   does, since sum_i (y_i - c0) = 0 means some points have y_i > c0 and some y_i < c0;
    /// - on the w > 0 edge (b = -w x_max) only the points at x_max are on their hinge: the loss
    ///   falls outwards when their targets exceed c0 (a `degenerateSaddle`: down outwards, flat
    ///   inwards and along the edge) and rises outwards when they are below (`degenerate`, a
    ///   weak minimum). The w < 0 edge likewise, with the points at x_min.
    /// Gradient descent started on any of them stays: the gradient from the dead side is 0.
    ///
    /// - Parameter directions: how many evenly spaced directions `DirectionalSplit` samples.
    public func deadBoundaryPoints(directions: Int = 3600) -> [StationaryPoint] {
        let apex = PlaneVector.zero
        // Representatives at |w| = 1, where w x + b is exactly 0 at the edge's x in floating point.
        let edgePlus = PlaneVector(w: 1, b: -data.xMax), edgeMinus = PlaneVector(w: -1, b: data.xMin)
        let none = ActiveSet(lower: 0, upper: 0, total: data.count)
        let zero = hessian(on: none).eigenvalues
        var out: [StationaryPoint] = []
        for (p, location, line) in [
            (apex, StationaryLocation.apex, nil as StationaryLine?),
            (edgePlus, .deadEdge, StationaryLine(intercept: 0, slope: -data.xMax, lowerW: 0, upperW: nil)),
            (edgeMinus, .deadEdge, StationaryLine(intercept: 0, slope: -data.xMin, lowerW: nil, upperW: 0)),
        ] {
            let split = directionalSplit(at: p, directions: directions)
            out.append(StationaryPoint(w: p.w, b: p.b, kind: Self.kind(of: split), location: location, loss: loss(w: p.w, b: p.b),
                                       activeSet: none, hessianEigenvalues: zero, line: line, directions: split))
        }
        return out
    }

    /// The one-sided directional derivative L'(p; d) at a point p of the dead region (see
    /// `deadBoundaryPoints`); 0 inside it.
    public func deadDirectionalDerivative(at p: PlaneVector, along d: PlaneVector) -> Double {
        let c0 = outputBias ? meanTarget : 0
        var sum = 0.0
        for (x, y) in zip(data.x, data.y) where p.w * x + p.b == 0 {
            sum += max(0, d.w * x + d.b) * (y - c0)
        }
        return -2 * sum / Double(data.count)
    }

    /// Fractions of directions along which L'(p; d) is negative, positive or zero, over
    /// `directions` evenly spaced angles; "zero" within a rounding tolerance of the sums.
    public func directionalSplit(at p: PlaneVector, directions: Int) -> DirectionalSplit {
        let c0 = outputBias ? meanTarget : 0
        var scale = 0.0
        for (x, y) in zip(data.x, data.y) { scale += (1 + abs(x)) * abs(y - c0) }
        let tolerance = 1e-12 * 2 * scale / Double(data.count)
        var falling = 0, rising = 0
        let k = max(1, directions)
        for i in 0..<k {
            // Offset by half a step so no sample lands exactly on an edge direction.
            let angle = 2 * Double.pi * (Double(i) + 0.5) / Double(k)
            let slope = deadDirectionalDerivative(at: p, along: PlaneVector(w: cos(angle), b: sin(angle)))
            if slope < -tolerance { falling += 1 } else if slope > tolerance { rising += 1 }
        }
        let n = Double(k)
        return DirectionalSplit(falling: Double(falling) / n, rising: Double(rising) / n,
                                flat: Double(k - falling - rising) / n, directions: k)
    }

    static func kind(of split: DirectionalSplit) -> StationaryKind {
        switch (split.falling > 0, split.rising > 0) {
        case (true, true): .saddle
        case (true, false): .degenerateSaddle
        case (false, true): split.flat > 0 ? .degenerate : .minimum
        case (false, false): .degenerate
        }
    }
}
