import Foundation

/// How a refined axis is halved: arithmetic midpoints, or geometric ones on an axis whose values
/// are spaced evenly in their logarithm (logspace(-4, 1, 6): 1e-4 and 1e-3 have 10^-3.5 between
/// them, not 5.5e-4).
public enum AxisSpacing: String, Hashable, Sendable, Codable {
    case linear
    case geometric

    /// The spacing of `values`, by the rule PhaseDiagram's `AxisScale.detect` draws axes with
    /// (so refinement halves cells as the figures show them): geometric when all are positive,
    /// spread over at least a factor 4 and more evenly spaced in log than in value; two values
    /// are geometric when they differ by a factor >= 100.
    public static func detect(_ values: [Double]) -> AxisSpacing {
        let sorted = Array(Set(values)).sorted()
        guard let first = sorted.first, let last = sorted.last, first > 0, sorted.count >= 2 else { return .linear }
        let ratio = last / first
        if sorted.count == 2 { return ratio >= 100 ? .geometric : .linear }
        guard ratio >= 4 else { return .linear }
        return unevenness(sorted.map(log10)) < unevenness(sorted) ? .geometric : .linear
    }

    /// (largest gap - smallest gap) / mean gap between consecutive sorted values: 0 = even.
    static func unevenness(_ sorted: [Double]) -> Double {
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
        guard let lo = gaps.min(), let hi = gaps.max() else { return 0 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        return mean > 0 ? (hi - lo) / mean : 0
    }

    /// The value halfway between `a` and `b`, with correctly rounded operations only (the same
    /// double on every machine, so refined trials have the same ids everywhere).
    public func midpoint(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .linear: a + (b - a) / 2
        case .geometric: a.squareRoot() * b.squareRoot()
        }
    }

    /// Where `x` lies between `a` and `b` in this spacing, 0 at a and 1 at b (for interpolation,
    /// not for decisions).
    public func fraction(_ x: Double, from a: Double, to b: Double) -> Double {
        guard a != b else { return 0 }
        switch self {
        case .linear: return (x - a) / (b - a)
        case .geometric: return log(x / a) / log(b / a)
        }
    }
}
