/// Exponential backoff with jitter, bounded: the n-th consecutive failure waits a random time
/// in [d/2, d] with d = min(maxDelay, initialDelay * multiplier^(n-1)). Half the delay is
/// fixed so a retry never comes at once; the random half spreads workers that lost the
/// coordinator together, so they do not all come back in the same instant.
public struct Backoff: Sendable, Hashable {
    public var initialDelay: Double
    public var maxDelay: Double
    public var multiplier: Double

    public init(initialDelay: Double = 0.2, maxDelay: Double = 10, multiplier: Double = 2) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
    }

    /// The upper bound of the wait after `failures` consecutive failures (>= 1).
    public func ceiling(failures: Int) -> Double {
        guard failures >= 1 else { return 0 }
        var d = initialDelay
        for _ in 1..<min(failures, 64) {
            d *= multiplier
            if d >= maxDelay { return maxDelay }
        }
        return min(d, maxDelay)
    }

    /// A wait in seconds after `failures` consecutive failures.
    public func delay(failures: Int, using rng: inout some RandomNumberGenerator) -> Double {
        let c = ceiling(failures: failures)
        guard c > 0 else { return 0 }
        return c / 2 + Double.random(in: 0...(c / 2), using: &rng)
    }

    public func delay(failures: Int) -> Double {
        var rng = SystemRandomNumberGenerator()
        return delay(failures: failures, using: &rng)
    }

    /// Why these limits are unusable, or nil.
    public func validationProblem() -> String? {
        guard initialDelay.isFinite, initialDelay > 0 else { return "backoff: the initial delay must be > 0 seconds" }
        guard maxDelay.isFinite, maxDelay >= initialDelay else { return "backoff: the maximum delay must be >= the initial delay" }
        guard multiplier.isFinite, multiplier >= 1 else { return "backoff: the multiplier must be >= 1" }
        return nil
    }
}
