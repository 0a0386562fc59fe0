import Synchronization

/// A cell's confidence intervals at the looks of its `SeedSchedule`, valid simultaneously over
/// every look, so they stay valid whatever rule decides when to stop (docs/adaptive.md):
///
/// - at look k (n_k seeds, fixed in advance) the interval is Clopper-Pearson at level
///   1 - alpha / K, K the number of looks;
/// - P(some look misses p) <= sum over looks of P(that look misses p) <= K * alpha / K = alpha
///   (Bonferroni; Clopper-Pearson never covers less than its nominal level), so the interval at
///   any stopping look, chosen in any way from the data, covers p with probability >= 1 - alpha.
///
/// A trial that failed for good has no outcome: the interval covers both of its possible
/// outcomes ([lower(s), upper(s + f)] for s yes and f failed), so it stays valid if failures
/// are unrelated to the outcome, and only widens.
///
/// Ends are computed once per (look, count) and kept: a coordinator asks for the same few
/// thousand again and again.
public final class SequentialIntervals: Sendable {
    public let schedule: SeedSchedule
    private let ends = Mutex<[Key: Double]>([:])

    private struct Key: Hashable {
        var look: Int
        var count: Int
        var upper: Bool
    }

    public init(schedule: SeedSchedule) {
        self.schedule = schedule
    }

    /// The interval at `look` with `successes` yes and `failures` failed of its seeds.
    public func interval(look: Int, successes: Int, failures: Int = 0) -> ProportionInterval {
        ProportionInterval(lower: lower(look: look, successes: successes),
                           upper: upper(look: look, successes: successes + failures))
    }

    /// The lower end at `look` for `successes` yes: increasing in `successes`.
    func lower(look: Int, successes: Int) -> Double {
        end(Key(look: look, count: successes, upper: false))
    }

    /// The upper end at `look` for `successes` yes: increasing in `successes`.
    func upper(look: Int, successes: Int) -> Double {
        end(Key(look: look, count: successes, upper: true))
    }

    private func end(_ key: Key) -> Double {
        if let v = ends.withLock({ $0[key] }) { return v }
        let n = schedule.looks[key.look]
        let tail = schedule.alphaPerLook / 2
        let count = min(max(key.count, 0), n)
        let v = key.upper ? ClopperPearson.upper(count, n: n, tail: tail) : ClopperPearson.lower(count, n: n, tail: tail)
        ends.withLock { $0[key] = v }
        return v
    }
}
