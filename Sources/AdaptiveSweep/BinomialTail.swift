/// Tail probabilities of X ~ Binomial(n, p), computed with additions, multiplications and
/// divisions only (IEEE operations, correctly rounded on every machine), so that every interval
/// and every decision built on them is bitwise the same everywhere; no `lgamma`, `exp` or `pow`
/// from the platform's math library, whose last bits differ between systems.
///
/// The terms are taken relative to the mode's (which is the largest, so nothing overflows) and
/// summed within 12 standard deviations plus 30 of the mode; the terms left out are below
/// 1e-30 of the total.
enum BinomialTail {
    /// P(X <= k) and P(X > k), each computed as its own sum (no cancellation in either).
    static func split(_ k: Int, n: Int, p: Double) -> (atMost: Double, above: Double) {
        if k < 0 { return (0, 1) }
        if k >= n { return (1, 0) }
        if p <= 0 { return (1, 0) }
        if p >= 1 { return (0, 1) }
        let q = 1 - p
        let mode = min(n, Int(Double(n + 1) * p))
        let reach = Int((Double(n) * p * q).squareRoot() * 12) + 30
        let lo = max(0, mode - reach)
        let hi = min(n, mode + reach)
        if k < lo { return (0, 1) }
        if k >= hi { return (1, 0) }
        var atMost = mode <= k ? 1.0 : 0
        var above = mode <= k ? 0 : 1.0
        // Up from the mode: pmf(i + 1) / pmf(i) = (n - i) p / ((i + 1) q).
        var t = 1.0
        var i = mode
        while i < hi {
            t *= Double(n - i) * p / (Double(i + 1) * q)
            i += 1
            if t == 0 { break }
            if i <= k { atMost += t } else { above += t }
        }
        // Down from the mode: pmf(i - 1) / pmf(i) = i q / ((n - i + 1) p).
        t = 1
        i = mode
        while i > lo {
            t *= Double(i) * q / (Double(n - i + 1) * p)
            i -= 1
            if t == 0 { break }
            if i <= k { atMost += t } else { above += t }
        }
        let total = atMost + above
        return (atMost / total, above / total)
    }
}
