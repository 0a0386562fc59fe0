import Foundation

/// The exact McNemar test of paired yes/no outcomes: of n pairs, b are (yes, no) and c are
/// (no, yes); the concordant pairs say nothing about a difference. Under the null hypothesis
/// (the two conditions give yes equally often) each discordant pair is (yes, no) with
/// probability 1/2, so b ~ Binomial(b + c, 1/2) and the two-sided exact p-value is
///
///     p = min(1, 2 · P(X <= min(b, c))),  X ~ Binomial(b + c, 1/2).
///
/// Computed stably for any n: the largest term P(X = m), m = min(b, c), from log-gamma, and the
/// tail as m's term times 1 + r_m + r_m r_(m-1) + ... with the ratios P(X = k-1) / P(X = k) =
/// k / (n - k + 1) < 1, summed until they no longer change the total (no overflow of binomial
/// coefficients, no underflow of 2^-n).
public struct McNemarTest: Hashable, Sendable, Codable {
    /// Pairs (yes under the first condition, no under the second).
    public let b: Int
    /// Pairs (no under the first, yes under the second).
    public let c: Int
    /// The exact two-sided p-value.
    public let pValue: Double

    public init(b: Int, c: Int) {
        precondition(b >= 0 && c >= 0, "discordant counts are >= 0")
        self.b = b
        self.c = c
        pValue = Self.exactTwoSided(b: b, c: c)
    }

    public var discordant: Int { b + c }

    /// min(1, 2 P(X <= min(b, c))) for X ~ Binomial(b + c, 1/2); 1 without discordant pairs.
    public static func exactTwoSided(b: Int, c: Int) -> Double {
        let n = b + c
        let m = min(b, c)
        guard n > 0, 2 * m < n else { return 1 }  // b == c: the tail holds at least half the mass
        return min(1, 2 * lowerTail(m, n))
    }

    /// P(X <= m) for X ~ Binomial(n, 1/2).
    static func lowerTail(_ m: Int, _ n: Int) -> Double {
        let nd = Double(n)
        let logTerm = lgamma(nd + 1) - lgamma(Double(m) + 1) - lgamma(nd - Double(m) + 1) - nd * M_LN2
        var sum = 1.0
        var term = 1.0
        var k = m
        while k > 0 {
            term *= Double(k) / (nd - Double(k) + 1)
            let next = sum + term
            if next == sum { break }
            sum = next
            k -= 1
        }
        return exp(logTerm + log(sum))
    }
}
