/// The Clopper-Pearson ("exact") interval for a binomial proportion: the p that a two-sided
/// test at level `2 * tail` does not reject. Its coverage is at least 1 - 2 * tail for every p
/// and n (conservative, never below nominal), which is what the union bound over a cell's looks
/// needs (`SequentialIntervals`). Each end is found by bisection on `BinomialTail`, a fixed
/// number of halvings, returning the outer end of the last bracket.
enum ClopperPearson {
    /// Halvings of [0, 1]: the ends are within 2^-50 (< 1e-15) of the exact ones.
    static let halvings = 50

    /// The lower end for `successes` of `n`: 0 at 0 successes, else the p at which
    /// P(X >= successes) = tail.
    static func lower(_ successes: Int, n: Int, tail: Double) -> Double {
        guard successes > 0 else { return 0 }
        var lo = 0.0
        var hi = 1.0
        for _ in 0..<halvings {
            let mid = (lo + hi) / 2
            if BinomialTail.split(successes - 1, n: n, p: mid).above > tail { hi = mid } else { lo = mid }
        }
        return lo
    }

    /// The upper end: 1 at n successes, else the p at which P(X <= successes) = tail.
    static func upper(_ successes: Int, n: Int, tail: Double) -> Double {
        guard successes < n else { return 1 }
        var lo = 0.0
        var hi = 1.0
        for _ in 0..<halvings {
            let mid = (lo + hi) / 2
            if BinomialTail.split(successes, n: n, p: mid).atMost > tail { lo = mid } else { hi = mid }
        }
        return hi
    }
}
