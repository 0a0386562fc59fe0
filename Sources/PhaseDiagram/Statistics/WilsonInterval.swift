/// The Wilson score interval for a binomial proportion (Wilson 1927): unlike the normal
/// "p ± z·se" interval it stays inside [0, 1] and keeps close to its nominal coverage at 0/n and
/// n/n, which are common in phase diagrams (every seed dead, or none).
public enum WilsonInterval {
    /// z for a two-sided 95% interval: the 0.975 quantile of the standard normal.
    public static let z95 = 1.959963984540054

    /// The interval for `successes` out of `trials`; nil when `trials` is 0 (nothing observed).
    public static func interval(successes: Int, trials: Int, z: Double = z95) -> ClosedRange<Double>? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // Exact ends at 0/n and n/n (the formula gives them up to rounding).
        let lower = successes == 0 ? 0 : max(0, center - half)
        let upper = successes == trials ? 1 : min(1, center + half)
        return lower...upper
    }
}
