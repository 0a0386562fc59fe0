import SweepModel

/// The mean of a sample with its two-sided 95% Student-t interval, mean ± t(0.975, n-1)·s/√n.
/// Used for the dead-unit fraction, a per-trial number in [0, 1]: the interval is clipped to
/// `bounds`. With n = 1 there is no interval; with no spread the interval is the mean itself.
/// Computed from `FixedPointMoments`, so it does not depend on the order of the values.
public struct MeanEstimate: Hashable, Sendable {
    public let count: Int
    public let mean: Double?
    public let standardDeviation: Double?
    public let interval: ClosedRange<Double>?

    public init(_ values: [Double], bounds: ClosedRange<Double>? = nil) {
        var moments = FixedPointMoments()
        for v in values { moments.add(v) }
        self.init(moments, bounds: bounds)
    }

    public init(_ moments: FixedPointMoments, bounds: ClosedRange<Double>? = nil) {
        count = moments.count
        guard let m = moments.mean else {
            mean = nil; standardDeviation = nil; interval = nil
            return
        }
        mean = m
        guard let variance = moments.variance else {
            standardDeviation = nil; interval = nil
            return
        }
        let n = Double(moments.count)
        let s = max(variance, 0).squareRoot()
        standardDeviation = s
        let half = StudentT.quantile(0.975, df: n - 1) * s / n.squareRoot()
        var lower = m - half
        var upper = m + half
        if let bounds {
            lower = min(max(lower, bounds.lowerBound), bounds.upperBound)
            upper = min(max(upper, bounds.lowerBound), bounds.upperBound)
        }
        interval = lower...upper
    }
}
