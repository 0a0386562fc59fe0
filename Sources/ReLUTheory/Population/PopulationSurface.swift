import Foundation

/// The expected loss of a single ReLU max(0, w x + b) (+ c) when x is uniform on an interval,
/// as the 1-D data sets draw it, in the training core's standardized units: x_raw ~ U[a, b]
/// becomes x = (x_raw - mean) / sd, uniform on [-sqrt 3, sqrt 3], and y = target(x_raw) is
/// standardized to mean 0, variance 1 (then times `targetStd`).
///
/// With finite data the loss is piecewise quadratic and every piece is convex, so its saddles
/// are kinks (`SingleReLUSurface`); with a density the pieces blend and the loss is smooth
/// (continuously differentiable, twice away from w = 0) with Hessian
///
///     H = 2 E[[x; 1][x; 1]^T 1_A] + (2 p(h) / |w|) (c - y(h)) [h; 1][h; 1]^T
///
/// where h = -b / w is the hinge and p = 1 / (xMax - xMin) the density: the second term, from
/// the active set growing as the hinge moves, is negative where the target at the hinge
/// exceeds c. With the output bias at its optimum the profile Hessian is the Schur complement
/// H - 2 E[[x; 1] 1_A] E[[x; 1] 1_A]^T. Targets that rise above c at a hinge that the best fit
/// must cross (oscillating or multi-kink targets) have genuine smooth saddles; relu1d has none.
public struct PopulationSurface: Sendable {
    public let outputBias: Bool
    /// The standardized data interval.
    public let xMin: Double
    public let xMax: Double
    public let targetStd: Double
    /// Standardized target at standardized x.
    let target: @Sendable (Double) -> Double
    /// Standardized x where the target has a kink (quadrature panels break there).
    let breakpoints: [Double]
    /// Quadrature panels per unit length of x.
    let panelsPerUnit: Int
    /// E[y], E[y^2] (y standardized and scaled).
    public let meanTarget: Double
    public let meanSquareTarget: Double

    /// - Parameters:
    ///   - target: the raw target function of the raw input, e.g. `{ max(0, $0) }` for relu1d.
    ///   - rawRange: the interval x_raw is uniform on.
    ///   - rawKinks: raw x where `target` has a kink (exactness of the quadrature).
    ///   - targetStd: the targets' standard deviation after standardization.
    ///   - outputBias: c free and at its optimum (the training core's `single`), else c = 0.
    public init(target: @escaping @Sendable (Double) -> Double, rawRange: ClosedRange<Double> = -1...1, rawKinks: [Double] = [],
                targetStd: Double = 1, outputBias: Bool = true, panelsPerUnit: Int = 200) throws(TheoryError) {
        guard rawRange.lowerBound.isFinite, rawRange.upperBound.isFinite, rawRange.lowerBound < rawRange.upperBound else {
            throw TheoryError(argument: "rawRange", "needs a finite interval a < b, got \(rawRange)")
        }
        guard targetStd.isFinite, targetStd > 0 else { throw TheoryError(argument: "targetStd", "must be > 0, got \(targetStd)") }
        guard panelsPerUnit >= 1 else { throw TheoryError(argument: "panelsPerUnit", "must be >= 1, got \(panelsPerUnit)") }
        let a = rawRange.lowerBound, bRaw = rawRange.upperBound
        let mean = (a + bRaw) / 2, sd = (bRaw - a) / 12.0.squareRoot()
        let lo = (a - mean) / sd, hi = (bRaw - mean) / sd
        let rawAt: @Sendable (Double) -> Double = { x in target(mean + sd * x) }
        let kinks = rawKinks.map { ($0 - mean) / sd }.filter { $0 > lo && $0 < hi }.sorted()
        func expect(_ f: (Double) -> Double) -> Double {
            Self.integral(lo, hi, breakpoints: kinks, panelsPerUnit: panelsPerUnit, f) / (hi - lo)
        }
        let m = expect { rawAt($0) }
        let v = expect { (rawAt($0) - m) * (rawAt($0) - m) }
        guard v > 0, v.isFinite else { throw TheoryError(argument: "target", "is constant (or not finite) on \(rawRange): nothing to standardize") }
        let scale = targetStd / v.squareRoot()
        self.target = { x in (rawAt(x) - m) * scale }
        xMin = lo
        xMax = hi
        breakpoints = kinks
        self.panelsPerUnit = panelsPerUnit
        self.targetStd = targetStd
        self.outputBias = outputBias
        meanTarget = 0
        meanSquareTarget = targetStd * targetStd
    }

    /// relu1d: max(0, x) on U[-1, 1].
    public static func relu1d(targetStd: Double = 1, outputBias: Bool = true) -> PopulationSurface {
        try! PopulationSurface(target: { max(0, $0) }, rawKinks: [0], targetStd: targetStd, outputBias: outputBias)
    }

    /// zigzag1d: x - 2 max(0, x) + 2 max(0, x - 1/2) on U[-1, 1].
    public static func zigzag1d(targetStd: Double = 1, outputBias: Bool = true) -> PopulationSurface {
        try! PopulationSurface(target: { $0 - 2 * max(0, $0) + 2 * max(0, $0 - 0.5) }, rawKinks: [0, 0.5],
                               targetStd: targetStd, outputBias: outputBias)
    }

    /// sin(frequency x) on U[-1, 1] (no linear term, unlike sine1d's sin(3x) + 0.3x).
    public static func sine(frequency: Double, targetStd: Double = 1, outputBias: Bool = true) -> PopulationSurface {
        try! PopulationSurface(target: { Foundation.sin(frequency * $0) }, targetStd: targetStd, outputBias: outputBias)
    }

    /// The standardized target at standardized x.
    public func y(_ x: Double) -> Double { target(x) }

    static func integral(_ lo: Double, _ hi: Double, breakpoints: [Double], panelsPerUnit: Int, _ f: (Double) -> Double) -> Double {
        guard hi > lo else { return 0 }
        var cuts = [lo]
        for k in breakpoints where k > lo && k < hi { cuts.append(k) }
        cuts.append(hi)
        var total = 0.0
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            total += GaussLegendre.integrate(a, b, panels: max(2, Int(ceil((b - a) * Double(panelsPerUnit)))), f)
        }
        return total
    }

    /// Expectations over x in [lo, hi] (that is, E[g(x) 1{lo < x < hi}]).
    func expect(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> Double {
        Self.integral(max(lo, xMin), min(hi, xMax), breakpoints: breakpoints, panelsPerUnit: panelsPerUnit, f) / (xMax - xMin)
    }

    /// The active interval of (w, b): (h, xMax] for w > 0, [xMin, h) for w < 0.
    func activeInterval(w: Double, b: Double) -> (lo: Double, hi: Double) {
        if w > 0 { return (max(xMin, -b / w), xMax) }
        if w < 0 { return (xMin, min(xMax, -b / w)) }
        return b > 0 ? (xMin, xMax) : (xMin, xMin)
    }

    /// E[1_A], E[x 1_A], E[x^2 1_A] (exact for the uniform density), E[y 1_A], E[x y 1_A].
    struct Moments {
        var m0: Double, m1: Double, m2: Double, y0: Double, y1: Double
    }

    func moments(lo: Double, hi: Double) -> Moments {
        guard hi > lo else { return Moments(m0: 0, m1: 0, m2: 0, y0: 0, y1: 0) }
        let width = xMax - xMin
        let m0 = (hi - lo) / width
        let m1 = (hi * hi - lo * lo) / (2 * width)
        let m2 = (hi * hi * hi - lo * lo * lo) / (3 * width)
        let y0 = expect(lo, hi) { target($0) }
        let y1 = expect(lo, hi) { $0 * target($0) }
        return Moments(m0: m0, m1: m1, m2: m2, y0: y0, y1: y1)
    }

    /// The optimal output bias at (w, b) (0 without `outputBias`).
    public func outputBias(w: Double, b: Double) -> Double {
        guard outputBias else { return 0 }
        let (lo, hi) = activeInterval(w: w, b: b)
        let m = moments(lo: lo, hi: hi)
        return meanTarget - (w * m.m1 + b * m.m0)
    }

    public func loss(w: Double, b: Double) -> Double {
        let (lo, hi) = activeInterval(w: w, b: b)
        let m = moments(lo: lo, hi: hi)
        let fit = w * w * m.m2 + 2 * w * b * m.m1 + b * b * m.m0 - 2 * (w * m.y1 + b * m.y0) + meanSquareTarget
        guard outputBias else { return fit }
        let shift = w * m.m1 + b * m.m0 - meanTarget
        return fit - shift * shift
    }

    public func gradient(w: Double, b: Double) -> PlaneVector {
        let (lo, hi) = activeInterval(w: w, b: b)
        let m = moments(lo: lo, hi: hi)
        let c = outputBias ? meanTarget - (w * m.m1 + b * m.m0) : 0
        return PlaneVector(w: 2 * (m.m2 * w + m.m1 * b - m.y1 + c * m.m1),
                           b: 2 * (m.m1 * w + m.m0 * b - m.y0 + c * m.m0))
    }

    /// The Hessian at (w, b), w != 0 (at w = 0 the hinge term is singular: the loss is not
    /// twice differentiable there).
    public func hessian(w: Double, b: Double) -> SymmetricMatrix2 {
        let (lo, hi) = activeInterval(w: w, b: b)
        let m = moments(lo: lo, hi: hi)
        var h = SymmetricMatrix2(ww: 2 * m.m2, wb: 2 * m.m1, bb: 2 * m.m0)
        if outputBias {
            h.ww -= 2 * m.m1 * m.m1
            h.wb -= 2 * m.m1 * m.m0
            h.bb -= 2 * m.m0 * m.m0
        }
        if w != 0 {
            let hinge = -b / w
            if hinge > xMin && hinge < xMax {
                let c = outputBias ? meanTarget - (w * m.m1 + b * m.m0) : 0
                let k = 2 / (xMax - xMin) * (c - target(hinge)) / abs(w)
                h.ww += k * hinge * hinge
                h.wb += k * hinge
                h.bb += k
            }
        }
        return h
    }

    /// Every stationary point with a hinge inside the data interval (found by scanning the
    /// hinge position h: for each h the best slope w*(h) through that hinge is closed-form, and
    /// (w*(h), -w*(h) h) is stationary where the derivative across the hinge vanishes; sign
    /// changes on `hingeSamples` positions per sign of w are refined by bisection), plus the
    /// fit with every x active. Classified by the eigenvalues of the Hessian. Lowest loss first.
    public func stationaryPoints(hingeSamples: Int = 2000) -> [PopulationStationaryPoint] {
        var out: [PopulationStationaryPoint] = []
        for positive in [true, false] {
            func slopeAndCrossDerivative(_ h: Double) -> (w: Double, f: Double) {
                let (lo, hi) = positive ? (h, xMax) : (xMin, h)
                let m = moments(lo: lo, hi: hi)
                // f = w u with u = (x - h) 1_A.
                let eu = m.m1 - h * m.m0, euu = m.m2 - 2 * h * m.m1 + h * h * m.m0, euy = m.y1 - h * m.y0
                let w = outputBias ? (euy - eu * meanTarget) / (euu - eu * eu) : euy / euu
                let c = outputBias ? meanTarget - w * eu : 0
                return (w, 2 * (w * eu - m.y0 + c * m.m0))
            }
            let k = max(8, hingeSamples)
            let span = xMax - xMin
            let hs = (0...k).map { xMin + span * (Double($0) + 0.5) / Double(k + 1) }
            var previous = slopeAndCrossDerivative(hs[0])
            for h in hs.dropFirst() {
                let current = slopeAndCrossDerivative(h)
                defer { previous = current }
                guard (previous.f < 0) != (current.f < 0) else { continue }
                var a = h - span / Double(k + 1), b = h, fa = previous.f
                for _ in 0..<80 {
                    let mid = (a + b) / 2
                    let fm = slopeAndCrossDerivative(mid).f
                    if (fm < 0) == (fa < 0) { a = mid; fa = fm } else { b = mid }
                }
                let hinge = (a + b) / 2
                let w = slopeAndCrossDerivative(hinge).w
                guard positive ? w > 0 : w < 0 else { continue }
                out.append(classified(w: w, b: -w * hinge, hinge: hinge, line: nil))
            }
        }
        // Every x active: the least-squares line (with an output bias: its slope, any b).
        let all = moments(lo: xMin, hi: xMax)
        if outputBias {
            let w = (all.y1 - all.m1 * meanTarget) / (all.m2 - all.m1 * all.m1)
            let lowerB = max(-w * xMin, -w * xMax)
            let b = lowerB + max(1, abs(lowerB))
            let h = hessian(w: w, b: b)
            out.append(PopulationStationaryPoint(w: w, b: b, kind: .degenerate, loss: loss(w: w, b: b), hessianEigenvalues: h.eigenvalues,
                                                 hinge: nil, line: StationaryLine(verticalAtW: w, lowerB: lowerB)))
        } else {
            let det = all.m2 * all.m0 - all.m1 * all.m1
            let w = (all.y1 * all.m0 - all.y0 * all.m1) / det, b = (all.m2 * all.y0 - all.m1 * all.y1) / det
            if w * xMin + b > 0 && w * xMax + b > 0 { out.append(classified(w: w, b: b, hinge: nil, line: nil)) }
        }
        return out.sorted { $0.loss < $1.loss }
    }

    private func classified(w: Double, b: Double, hinge: Double?, line: StationaryLine?) -> PopulationStationaryPoint {
        let eig = hessian(w: w, b: b).eigenvalues
        let tolerance = 1e-9 * max(1, abs(eig[1]))
        let kind: StationaryKind = eig[0] > tolerance ? .minimum : (eig[0] < -tolerance && eig[1] > tolerance ? .saddle : .degenerate)
        return PopulationStationaryPoint(w: w, b: b, kind: kind, loss: loss(w: w, b: b), hessianEigenvalues: eig, hinge: hinge, line: line)
    }
}
