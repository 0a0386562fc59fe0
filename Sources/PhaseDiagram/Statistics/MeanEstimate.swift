/// The mean of a sample with its two-sided 95% Student-t interval, mean ± t(0.975, n-1)·s/√n.
/// Used for the dead-unit fraction, a per-trial number in [0, 1]: the interval is clipped to
/// `bounds`. With n = 1 there is no interval; with no spread the interval is the mean itself.
public struct MeanEstimate: Hashable, Sendable {
    public let count: Int
    public let mean: Double?
    public let standardDeviation: Double?
    public let interval: ClosedRange<Double>?

    public init(_ values: [Double], bounds: ClosedRange<Double>? = nil) {
        count = values.count
        guard !values.isEmpty else {
            mean = nil; standardDeviation = nil; interval = nil
            return
        }
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        mean = m
        guard values.count > 1 else {
            standardDeviation = nil; interval = nil
            return
        }
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        let s = variance.squareRoot()
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
