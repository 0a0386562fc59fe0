import Testing
@testable import AdaptiveSweep

/// The intervals' arithmetic against SciPy 1.17 (`scipy.stats.binom`, `beta.ppf`), printed to 12
/// digits.
@Suite struct ClopperPearsonTests {
    static let tails: [(Int, Int, Double, Double, Double)] = [
        (3, 10, 0.3, 6.496107184000002e-01, 3.503892815999998e-01),
        (0, 400, 0.01, 1.795055327504520e-02, 9.820494467249548e-01),
        (150, 400, 0.4, 1.661762835592007e-01, 8.338237164407993e-01),
        (5000, 10000, 0.5, 5.039893230696917e-01, 4.960106769303083e-01),
    ]

    @Test(arguments: tails)
    func binomialTailsMatchSciPy(k: Int, n: Int, p: Double, atMost: Double, above: Double) {
        let t = BinomialTail.split(k, n: n, p: p)
        #expect(abs(t.atMost - atMost) <= 1e-12 * atMost, "P(X <= \(k)) for Bin(\(n), \(p)): \(t.atMost)")
        #expect(abs(t.above - above) <= 1e-12 * above, "P(X > \(k)) for Bin(\(n), \(p)): \(t.above)")
    }

    @Test func binomialTailEnds() {
        #expect(BinomialTail.split(-1, n: 10, p: 0.5) == (0, 1))
        #expect(BinomialTail.split(10, n: 10, p: 0.5) == (1, 0))
        #expect(BinomialTail.split(3, n: 10, p: 0) == (1, 0))
        #expect(BinomialTail.split(3, n: 10, p: 1) == (0, 1))
        // Far tails are 0, not NaN: every term is taken relative to the mode's.
        let far = BinomialTail.split(10, n: 10_000, p: 0.5)
        #expect(far.atMost == 0 && far.above == 1)
    }

    static let ends: [(Int, Int, Double, Double, Double)] = [
        (0, 16, 0.05, 0.0, 0.205907214208),
        (5, 20, 0.05, 0.086571469101, 0.491045871708),
        (8, 24, 0.05 / 9, 0.108121745167, 0.632876536096),
        (200, 400, 0.05 / 9, 0.429818698966, 0.570181301034),
        (399, 400, 0.05 / 9, 0.979944253144, 0.999993045917),
        (1, 10000, 0.05 / 9, 0.000000278164, 0.000809081407),
        (5000, 10000, 0.05, 0.490151380590, 0.509848619410),
        (3, 1000, 0.01, 0.000338144529, 0.010933777420),
    ]

    @Test(arguments: ends)
    func clopperPearsonMatchesSciPy(s: Int, n: Int, alpha: Double, lower: Double, upper: Double) {
        let lo = ClopperPearson.lower(s, n: n, tail: alpha / 2)
        let hi = ClopperPearson.upper(s, n: n, tail: alpha / 2)
        #expect(abs(lo - lower) < 1e-11, "lower for \(s)/\(n) at \(alpha): \(lo)")
        #expect(abs(hi - upper) < 1e-11, "upper for \(s)/\(n) at \(alpha): \(hi)")
        // The bisection returns the outer end of its bracket.
        #expect(lo <= lower + 1e-12 && hi >= upper - 1e-12)
    }

    @Test func endsAreSymmetricAndIncreasingInTheCount() {
        let intervals = SequentialIntervals(schedule: SeedSchedule(minSeeds: 16, maxSeeds: 400))
        for look in intervals.schedule.looks.indices {
            let n = intervals.schedule.looks[look]
            var previous = ProportionInterval(lower: -1, upper: -1)
            for s in 0...n {
                let i = intervals.interval(look: look, successes: s)
                #expect(i.lower > previous.lower || s == 0)
                #expect(i.upper > previous.upper)
                #expect(i.lower < Double(s) / Double(n) || s == 0)
                #expect(i.upper > Double(s) / Double(n) || s == n)
                let mirror = intervals.interval(look: look, successes: n - s)
                #expect(abs(i.lower - (1 - mirror.upper)) < 1e-14 && abs(i.upper - (1 - mirror.lower)) < 1e-14)
                previous = i
            }
        }
    }

    @Test func failuresWidenTheIntervalToCoverBothOutcomes() {
        let intervals = SequentialIntervals(schedule: SeedSchedule(minSeeds: 20, maxSeeds: 20))
        let withFailures = intervals.interval(look: 0, successes: 5, failures: 3)
        #expect(withFailures.lower == intervals.interval(look: 0, successes: 5).lower)
        #expect(withFailures.upper == intervals.interval(look: 0, successes: 8).upper)
    }

    @Test func mcNemarMatchesSciPy() {
        #expect(abs(McNemarTest.pValue(onlyFirst: 17, onlySecond: 3) - 0.0025768280029296875) < 1e-15)
        #expect(abs(McNemarTest.pValue(onlyFirst: 5, onlySecond: 7) - 0.7744140625) < 1e-15)
        #expect(McNemarTest.pValue(onlyFirst: 0, onlySecond: 0) == 1)
        // Only seeds both cells have, and only disagreements, count.
        let a: [TrialOutcome?] = [.yes, .yes, .no, .failed, .yes, nil]
        let b: [TrialOutcome?] = [.no, .yes, .yes, .yes, .no]
        #expect(McNemarTest.pValue(a, b) == McNemarTest.pValue(onlyFirst: 2, onlySecond: 1))
    }
}
