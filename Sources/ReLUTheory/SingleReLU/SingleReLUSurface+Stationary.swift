extension SingleReLUSurface {
    /// Every stationary point outside the dead region, lowest loss first.
    ///
    /// Smooth points: on a fixed active set A the loss is a convex quadratic, stationary at the
    /// least-squares line fit on A. For 1-D data sorted by x, A is a prefix or a suffix of the
    /// groups of equal x, so every such A is tried, and a fit is kept only when it reproduces its
    /// own active set. Its Hessian H_A is positive semidefinite: the fit is a `minimum` (H_A
    /// positive definite) or, when A holds a single x value, a ray of `degenerate` points.
    ///
    /// Kink points: the only saddles of this piecewise quadratic sit on a hinge line
    /// w x_j + b = 0 through a group j of data points, between the active sets A and A + {j}.
    /// Minimizing the A-piece along the hinge leaves a one-sided gradient alpha [x_j; 1]; with
    /// tau = (2/N) sum_{i in j} y_i, the derivative along d is alpha s - tau max(0, s), where
    /// s = [x_j; 1] . d. Hence
    /// - 0 < alpha < tau: the loss falls on both sides of the hinge and rises along it: `saddle`
    ///   (a ridge: switching on points with positive targets pays off either way);
    /// - tau < alpha < 0: it rises in every direction: a kink `minimum`;
    /// - alpha = 0 or alpha = tau (to rounding): `degenerate` (a piece's own stationary point
    ///   sits on the hinge; with A a single x value that is the end of A's ray, listed there);
    /// - otherwise the point is not stationary.
    /// In the limit of many data points these kink saddles become the smooth saddles of the
    /// expected loss. Hinges with A empty lie on the boundary of the dead region and are not listed.
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

    private func smoothPoint(lower: Int, upper: Int, groups: Int) -> [StationaryPoint] {
        let s = data.sums(lower, upper)
        let active = ActiveSet(lower: lower, upper: upper, total: data.count)
        let eig = hessian(on: active).eigenvalues
        if groups >= 2 {
            let xBar = s.x / s.n, yBar = s.y / s.n
            let sxx = s.xx - s.n * xBar * xBar
            let sxy = s.xy - s.n * xBar * yBar
            guard sxx > 0 else { return [] }
            let w = sxy / sxx
            let b = yBar - w * xBar
            guard activeSet(w: w, b: b) == active else { return [] }
            let kind: StationaryKind = eig[0] > 1e-12 * eig[1] ? .minimum : .degenerate
            return [StationaryPoint(w: w, b: b, kind: kind, loss: loss(w: w, b: b), activeSet: active,
                                    hessianEigenvalues: eig, hingeX: nil, line: nil)]
        }
        // One distinct x value x_a: the fit is any line through (x_a, mean y), w x_a + b = yBar,
        // as long as it stays active there (yBar > 0) and inactive on every other point.
        let xa = data.x[lower]
        let yBar = s.y / s.n
        guard yBar > 0 else { return [] }
        var lowerW: Double? = nil, upperW: Double? = nil
        if lower > 0 {  // suffix {x_max}: w (x_a - x_prev) >= yBar
            lowerW = yBar / (xa - data.x[lower - 1])
        }
        if upper < data.count {  // prefix {x_min}: w (x_next - x_a) <= -yBar
            upperW = -yBar / (data.x[upper] - xa)
        }
        // A representative strictly inside the ray, clear of the hinge at its end.
        let w = lowerW.map { 2 * $0 } ?? upperW.map { 2 * $0 } ?? 0
        let b = yBar - xa * w
        guard activeSet(w: w, b: b) == active else { return [] }
        return [StationaryPoint(w: w, b: b, kind: .degenerate, loss: loss(w: w, b: b), activeSet: active,
                                hessianEigenvalues: eig, hingeX: nil,
                                line: StationaryLine(intercept: yBar, slope: -xa, lowerW: lowerW, upperW: upperW))]
    }

    private func kinkPoint(hinge j: Int, lower: Int, upper: Int, wPositive: Bool) -> [StationaryPoint] {
        let xj = data.x[data.groupStarts[j]]
        let s = data.sums(lower, upper)
        // Along the hinge b = -w x_j, so w x_i + b = w (x_i - x_j): a 1-D least-squares fit.
        let sdy = s.xy - xj * s.y
        let sdd = s.xx - 2 * xj * s.x + s.n * xj * xj
        guard sdd > 0 else { return [] }
        let w = sdy / sdd
        guard wPositive ? w > 0 : w < 0 else { return [] }
        let b = -w * xj
        let active = ActiveSet(lower: lower, upper: upper, total: data.count)
        guard activeSet(w: w, b: b) == active else { return [] }
        let scale = 2 / Double(data.count)
        // b-component of the A-piece's gradient; the w-component is alpha x_j by construction.
        let alpha = scale * (w * s.x + b * s.n - s.y)
        let group = data.sums(data.groupStarts[j], data.groupStarts[j + 1])
        let tau = scale * group.y
        // alpha and tau are sums of O(N) terms: compare them with a rounding tolerance.
        let tolerance = 1e-9 * scale * data.sumAbsY
        let kind: StationaryKind
        if abs(alpha) <= tolerance {
            // The A-piece is itself stationary on the hinge. With A a single x value this is the
            // end of A's ray of stationary points, already listed with the ray.
            guard data.groupIndex(of: lower) != data.groupIndex(of: upper - 1) else { return [] }
            kind = .degenerate
        } else if abs(alpha - tau) <= tolerance {
            // The (A + j)-piece is stationary here, with j exactly on its hinge.
            kind = .degenerate
        } else if alpha > 0 && alpha < tau {
            kind = .saddle
        } else if alpha < 0 && alpha > tau {
            kind = .minimum
        } else {
            return []
        }
        return [StationaryPoint(w: w, b: b, kind: kind, loss: loss(w: w, b: b), activeSet: active,
                                hessianEigenvalues: hessian(on: active).eigenvalues, hingeX: xj, line: nil)]
    }
}
