import PhaseDiagram
import Plot
import Foundation
import ReLUTheory

/// One closed-form regime boundary of a momentum method, h = lr*lambda as a function of beta
/// (`RegimeBoundaries`), sampled on a fine beta grid and cut to an h range: the lines of P3.
public struct RegimeBoundaryCurve: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Lower edge of the complex-eigenvalue band.
        case complexLower
        /// Upper edge of the complex-eigenvalue band.
        case complexUpper
        /// Spectral radius 1: beyond it the iterates do not converge.
        case divergence
    }

    public let method: MomentumMethod
    public let kind: Kind
    /// Pieces inside the h range, each a list of (x: h, y: beta) ascending in beta; a curve that
    /// leaves the range and comes back has several pieces. Ends on the range's border are exact.
    public let pieces: [[PlotPoint]]

    /// The boundary's h at beta (beta in [0, 1)).
    public static func stepCurvature(_ kind: Kind, method: MomentumMethod, beta: Double) throws(TheoryError) -> Double {
        let b = try RegimeBoundaries(method: method, beta: beta)
        switch kind {
        case .complexLower: return b.complexLower
        case .complexUpper: return b.complexUpper
        case .divergence: return b.convergenceUpper
        }
    }

    /// The formula, as printed in the figure.
    public static func formula(_ kind: Kind, method: MomentumMethod) -> String {
        switch (method, kind) {
        case (.heavyBall, .complexLower): "(1−√β)²"
        case (.heavyBall, .complexUpper): "(1+√β)²"
        case (.heavyBall, .divergence): "2(1+β)"
        case (.nesterov, .complexLower): "((1−β)/(1+β))²"
        case (.nesterov, .complexUpper): "1"
        case (.nesterov, .divergence): "2(1+β)/(1+2β)"
        }
    }

    /// Samples `samples` betas evenly over `betaRange` (inside [0, 1)) and keeps the points with
    /// h inside `stepCurvatureRange`; where the curve crosses the range's edge the crossing is
    /// found by bisection, so the drawn line ends on the border.
    public init(method: MomentumMethod, kind: Kind, stepCurvatureRange: ClosedRange<Double>,
                betaRange: ClosedRange<Double>, samples: Int = 400) throws(TheoryError) {
        guard samples >= 2 else { throw TheoryError(argument: "samples", "needs >= 2 betas, got \(samples)") }
        self.method = method
        self.kind = kind
        let n = samples
        let betas = (0..<n).map { betaRange.lowerBound + (betaRange.upperBound - betaRange.lowerBound) * Double($0) / Double(n - 1) }
        var hs: [Double] = []
        for beta in betas { hs.append(try Self.stepCurvature(kind, method: method, beta: beta)) }
        let range = stepCurvatureRange
        func inside(_ h: Double) -> Bool { range.contains(h) }
        func crossing(_ b0: Double, _ b1: Double) throws(TheoryError) -> PlotPoint {
            // h(beta) is continuous: bisect on which side of the crossed edge it lies.
            let h0 = try Self.stepCurvature(kind, method: method, beta: b0)
            let h1 = try Self.stepCurvature(kind, method: method, beta: b1)
            let edge = (h0 < range.lowerBound || h1 < range.lowerBound) ? range.lowerBound : range.upperBound
            let startBelow = h0 < edge
            var lo = b0, hi = b1
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if (try Self.stepCurvature(kind, method: method, beta: mid) < edge) == startBelow { lo = mid } else { hi = mid }
            }
            return PlotPoint(x: edge, y: (lo + hi) / 2)
        }
        var pieces: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        for k in 0..<n {
            let isInside = inside(hs[k])
            if k > 0, isInside != inside(hs[k - 1]) {
                let p = try crossing(betas[k - 1], betas[k])
                current.append(p)
                if !isInside {
                    pieces.append(current)
                    current = []
                }
            }
            if isInside { current.append(PlotPoint(x: hs[k], y: betas[k])) }
        }
        if current.count >= 2 { pieces.append(current) }
        self.pieces = pieces.filter { $0.count >= 2 }
    }
}
