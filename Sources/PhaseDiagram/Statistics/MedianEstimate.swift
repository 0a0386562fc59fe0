import Foundation

/// The median of a sample with a distribution-free 95% interval from order statistics: the
/// interval [x(j), x(n+1-j)] covers the true median with probability 1 - 2·P(B <= j-1),
/// B ~ Binomial(n, 1/2); j is the largest rank keeping that >= 0.95. Needs n >= 6 (below, even
/// [min, max] covers less than 95%, so no interval is given). Values may be +infinity (a trial
/// whose normalized MSE is not finite): ranks still work, and the median may then be infinite.
public struct MedianEstimate: Hashable, Sendable {
    public let count: Int
    public let median: Double?
    public let interval: ClosedRange<Double>?

    public init(_ values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            median = nil; interval = nil
            return
        }
        let n = sorted.count
        median = n % 2 == 1 ? sorted[n / 2] : Self.midpoint(sorted[n / 2 - 1], sorted[n / 2])
        guard let j = Self.lowerRank(n: n) else {
            interval = nil
            return
        }
        interval = sorted[j - 1]...sorted[n - j]
    }

    private static func midpoint(_ a: Double, _ b: Double) -> Double {
        a == b ? a : a / 2 + b / 2
    }

    /// The largest 1-based rank j with 2·P(B <= j-1) <= 0.05, or nil if even j = 1 fails.
    static func lowerRank(n: Int, alpha: Double = 0.05) -> Int? {
        var j: Int? = nil
        var cumulative = 0.0
        for k in 0..<n {
            cumulative += binomialHalfPMF(k, n: n)
            // cumulative = P(B <= k); rank j = k + 1 is allowed while 2·P(B <= j-1) <= alpha.
            if 2 * cumulative <= alpha { j = k + 1 } else { break }
        }
        return j
    }

    /// P(B = k) for B ~ Binomial(n, 1/2), in log space so that large n does not underflow.
    static func binomialHalfPMF(_ k: Int, n: Int) -> Double {
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose - Double(n) * log(2.0))
    }
}
