extension SingleReLUSurface {
    /// Every stationary point outside the dead region, lowest loss first. (The dead region's
    /// apex and edges are classified by `deadBoundaryPoints`.)
    ///
    /// Smooth points: on a fixed active set A the loss is a convex quadratic (with `outputBias`
    /// too: a variance of a linear function), stationary at the least-squares fit on A. For 1-D
    /// data sorted by x, A is a prefix or a suffix of the groups of equal x, so every such A is
    /// tried, and a fit is kept only when it reproduces its own active set. Its Hessian is
    /// positive semidefinite: the fit is a `minimum` (positive definite) or a ray of
    /// `degenerate` points (A holds a single x value; or, with `outputBias`, A is every point and
    /// b trades off against c).
    ///
    /// Kink points: the only saddles of this piecewise quadratic sit on a hinge line
    /// w x_j + b = 0 through a group j of data points, between the active sets A and A + {j}.
    /// Minimizing the A-piece along the hinge leaves a one-sided gradient alpha [x_j; 1]; with
    /// tau = (2/N) sum_{i in j} (y_i - c) (c = 0, or the optimal output bias there), the
    /// derivative along d is alpha s - tau max(0, s), where s = [x_j; 1] . d. Hence
    /// - 0 < alpha < tau: the loss falls on both sides of the hinge and rises along it: `saddle`
    ///   (a ridge: switching on points with targets above c pays off either way);
    /// - tau < alpha < 0: it rises in every direction: a kink `minimum`;
    /// - alpha = 0 or alpha = tau (to rounding): a piece's own stationary point sits on the
    ///   hinge (with A a single x value that is the end of A's ray, listed there). The loss is
    ///   flat to first order on that piece's side and changes by -tau |s| on the other: a weak
    ///   minimum (`degenerate`) when tau <= 0, a `degenerateSaddle` when tau > 0 (e.g. the end
    ///   of the vertical ray of fits with an output bias, where dropping x_j pays off);
    /// - otherwise the point is not stationary.
    /// In the limit of many data points these kink saddles become the smooth saddles of the
    /// expected loss (`PopulationSurface`). Hinges with A empty lie on the boundary of the dead
    /// region (`deadBoundaryPoints`).
    public func stationaryPoints() -> [StationaryPoint] {
        var found: [StationaryPoint] = []
        let g = data.groupCount
        let n = data.count
        let starts = data.groupStarts
        for k in 0..<g {
            found += smoothPoint(lower: starts[k], upper: n, groups: g - k)
            if k < g - 1 { found += smoothPoint(lower: 0, upper: starts[k + 1], groups: k + 1) }
        }
        for j in 0..<g {
            if j + 1 < g { found += kinkPoint(hinge: j, lower: starts[j + 1], upper: n, wPositive: true) }
            if j >= 1 { found += kinkPoint(hinge: j, lower: 0, upper: starts[j], wPositive: false) }
        }
        return found.sorted { $0.loss < $1.loss }
    }

    /// Mean of all targets: the output bias on the dead region (with `outputBias`).
    var meanTarget: Double { data.sums(0, data.count).y / Double(data.count) }

    private func smoothPoint(lower: Int, upper: Int, groups: Int) -> [StationaryPoint] {
        let s = data.sums(lower, upper)
        let total = Double(data.count)
        let active = ActiveSet(lower: lower, upper: upper, total: data.count)
        let eig = hessian(on: active).eigenvalues
        let yMean = meanTarget
        if outputBias && active.kind == .all {
            // f = w x + b everywhere: b and c trade off, the profile is flat in b. The fit is the
            // regression slope, for every b that keeps all points active.
            guard groups >= 2 else { return [] }
            let sxx = s.xx - s.x * s.x / total
            guard sxx > 0 else { return [] }
            let w = (s.xy - s.x * s.y / total) / sxx
            let lowerB = max(-w * data.xMin, -w * data.xMax)
            let b = lowerB + max(1, abs(lowerB))
            guard activeSet(w: w, b: b) == active else { return [] }
            return [StationaryPoint(w: w, b: b, kind: .degenerate, location: .smooth, loss: loss(w: w, b: b), activeSet: active,
                                    hessianEigenvalues: eig, line: StationaryLine(verticalAtW: w, lowerB: lowerB))]
        }
        if groups >= 2 {
            // Normal equations of the fit on A (with an output bias: centred by the overall mean).
            let m = outputBias ? 1 / total : 0
            let aww = s.xx - m * s.x * s.x, awb = s.x - m * s.x * s.n, abb = s.n - m * s.n * s.n
            let rw = s.xy - m * total * yMean * s.x, rb = s.y - m * total * yMean * s.n
            let det = aww * abb - awb * awb
            guard det > 1e-12 * (aww * abb) else { return [] }
            let w = (rw * abb - rb * awb) / det
            let b = (aww * rb - awb * rw) / det
            guard activeSet(w: w, b: b) == active else { return [] }
            let kind: StationaryKind = eig[0] > 1e-12 * eig[1] ? .minimum : .degenerate
            return [StationaryPoint(w: w, b: b, kind: kind, location: .smooth, loss: loss(w: w, b: b), activeSet: active,
                                    hessianEigenvalues: eig)]
        }
        // One distinct x value x_a: the fit is any line with w x_a + b = k, the best level of the
        // ReLU on A (the mean of y on A, less the output bias fitted to the other points), as
        // long as it stays active there (k > 0) and inactive on every other point.
        let xa = data.x[lower]
        var level = s.y / s.n
        if outputBias {
            guard total > s.n else { return [] }
            level -= (total * yMean - s.y) / (total - s.n)
        }
        guard level > 0 else { return [] }
        var lowerW: Double? = nil, upperW: Double? = nil
        if lower > 0 {  // suffix {x_max}: w (x_a - x_prev) >= level
            lowerW = level / (xa - data.x[lower - 1])
        }
        if upper < data.count {  // prefix {x_min}: w (x_next - x_a) <= -level
            upperW = -level / (data.x[upper] - xa)
        }
        // A representative strictly inside the ray, clear of the hinge at its end.
        let w = lowerW.map { 2 * $0 } ?? upperW.map { 2 * $0 } ?? 0
        let b = level - xa * w
        guard activeSet(w: w, b: b) == active else { return [] }
        return [StationaryPoint(w: w, b: b, kind: .degenerate, location: .smooth, loss: loss(w: w, b: b), activeSet: active,
                                hessianEigenvalues: eig,
                                line: StationaryLine(intercept: level, slope: -xa, lowerW: lowerW, upperW: upperW))]
    }

    private func kinkPoint(hinge j: Int, lower: Int, upper: Int, wPositive: Bool) -> [StationaryPoint] {
        let xj = data.x[data.groupStarts[j]]
        let s = data.sums(lower, upper)
        let total = Double(data.count)
        let yMean = meanTarget
        // Along the hinge b = -w x_j, so w x_i + b = w (x_i - x_j) =: w u_i on A: a 1-D fit
        // (with an output bias c free: a regression on u_i 1_A with intercept c).
        let su = s.x - xj * s.n
        let suy = s.xy - xj * s.y
        let suu = s.xx - 2 * xj * s.x + s.n * xj * xj
        let m = outputBias ? 1 / total : 0
        let denominator = suu - m * su * su
        guard denominator > 0 else { return [] }
        let w = (suy - m * total * yMean * su) / denominator
        guard wPositive ? w > 0 : w < 0 else { return [] }
        let c = outputBias ? yMean - w * su / total : 0
        let b = -w * xj
        let active = ActiveSet(lower: lower, upper: upper, total: data.count)
        guard activeSet(w: w, b: b) == active else { return [] }
        let scale = 2 / total
        // b-component of the A-piece's gradient; the w-component is alpha x_j by construction.
        let alpha = scale * (w * su + c * s.n - s.y)
        let group = data.sums(data.groupStarts[j], data.groupStarts[j + 1])
        let tau = scale * (group.y - c * group.n)
        // alpha and tau are sums of O(N) terms: compare them with a rounding tolerance.
        let tolerance = 1e-9 * scale * (data.sumAbsY + total * abs(c))
        let kind: StationaryKind
        if abs(alpha) <= tolerance {
            // The A-piece is itself stationary on the hinge. With A a single x value this is the
            // end of A's ray of stationary points, already listed with the ray.
            guard data.groupIndex(of: lower) != data.groupIndex(of: upper - 1) else { return [] }
            kind = tau > tolerance ? .degenerateSaddle : .degenerate
        } else if abs(alpha - tau) <= tolerance {
            // The (A + j)-piece is stationary here, with j exactly on its hinge.
            kind = tau > tolerance ? .degenerateSaddle : .degenerate
        } else if alpha > 0 && alpha < tau {
            kind = .saddle
        } else if alpha < 0 && alpha > tau {
            kind = .minimum
        } else {
            return []
        }
        return [StationaryPoint(w: w, b: b, kind: kind, location: .kink, loss: loss(w: w, b: b), activeSet: active,
                                hessianEigenvalues: hessian(on: active).eigenvalues, hingeX: xj)]
    }
}
