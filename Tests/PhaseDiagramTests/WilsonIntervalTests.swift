import TestSupport
import Plot
import Testing
@testable import PhaseDiagram

@Suite struct WilsonIntervalTests {
    /// Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval
    /// without continuity correction), given to 4 decimals.
    @Test(arguments: [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ])
    func matchesNewcombesTable(k: Int, n: Int, lower: Double, upper: Double) throws {
        let interval = try #require(WilsonInterval.interval(successes: k, trials: n))
        #expect(abs(interval.lowerBound - lower) < 5e-5)
        #expect(abs(interval.upperBound - upper) < 5e-5)
    }

    @Test func zeroOfNStartsAtExactlyZero() throws {
        let interval = try #require(WilsonInterval.interval(successes: 0, trials: 1))
        #expect(interval.lowerBound == 0)
        // 1 - upper of n/n; the score interval for 0/1 is [0, z^2/(1+z^2)].
        let z2 = WilsonInterval.z95 * WilsonInterval.z95
        #expect(abs(interval.upperBound - z2 / (1 + z2)) < 1e-12)
    }

    @Test func nOfNEndsAtExactlyOneAndMirrorsZeroOfN() throws {
        let all = try #require(WilsonInterval.interval(successes: 20, trials: 20))
        let none = try #require(WilsonInterval.interval(successes: 0, trials: 20))
        #expect(all.upperBound == 1)
        #expect(abs(all.lowerBound - (1 - none.upperBound)) < 1e-12)
        #expect(abs(all.lowerBound - 0.8389) < 5e-5)
    }

    @Test func noTrialsHasNoInterval() {
        #expect(WilsonInterval.interval(successes: 0, trials: 0) == nil)
        #expect(ProportionEstimate(successes: 0, trials: 0).fraction == nil)
        #expect(ProportionEstimate(successes: 0, trials: 0).interval == nil)
    }

    @Test func invalidCountsHaveNoInterval() {
        #expect(WilsonInterval.interval(successes: 3, trials: 2) == nil)
        #expect(WilsonInterval.interval(successes: -1, trials: 2) == nil)
    }

    @Test func intervalContainsTheFractionAndNarrowsWithN() throws {
        let small = try #require(WilsonInterval.interval(successes: 5, trials: 10))
        let large = try #require(WilsonInterval.interval(successes: 500, trials: 1000))
        #expect(small.contains(0.5) && large.contains(0.5))
        #expect(large.upperBound - large.lowerBound < small.upperBound - small.lowerBound)
    }
}
