import TestSupport
import Plot
import Testing
@testable import PhaseDiagram

@Suite struct StudentTTests {
    /// 0.975 quantiles from scipy.stats.t.ppf (an independent implementation).
    @Test(arguments: [
        (1.0, 12.70620474), (2.0, 4.30265273), (5.0, 2.57058184), (10.0, 2.22813885),
        (30.0, 2.04227246), (100.0, 1.98397152), (1000.0, 1.96233908),
    ])
    func quantileMatchesReference(df: Double, expected: Double) {
        #expect(abs(StudentT.quantile(0.975, df: df) - expected) < 1e-6)
    }

    @Test func cdfMatchesReference() {
        // scipy.stats.t.cdf(2.0, 5) and t.cdf(-1.3, 3).
        #expect(abs(StudentT.cdf(2.0, df: 5) - 0.9490302605850708) < 1e-9)
        #expect(abs(StudentT.cdf(-1.3, df: 3) - 0.14223375436394853) < 1e-9)
        #expect(StudentT.cdf(0, df: 7) == 0.5)
    }

    @Test func quantileIsSymmetric() {
        #expect(abs(StudentT.quantile(0.025, df: 4) + StudentT.quantile(0.975, df: 4)) < 1e-9)
    }

    @Test func meanIntervalMatchesReference() throws {
        // scipy.stats.t.interval(0.95, 9, loc=mean, scale=sem) of 1...10.
        let estimate = MeanEstimate([5, 1, 9, 3, 7, 2, 8, 4, 6, 10])
        let interval = try #require(estimate.interval)
        #expect(estimate.mean == 5.5)
        #expect(abs(interval.lowerBound - 3.334149410331831) < 1e-6)
        #expect(abs(interval.upperBound - 7.665850589668169) < 1e-6)
    }

    @Test func meanIntervalIsClippedToBounds() throws {
        let estimate = MeanEstimate([0, 0, 0, 1], bounds: 0...1)
        let interval = try #require(estimate.interval)
        #expect(interval.lowerBound == 0)
        #expect(interval.upperBound <= 1)
    }

    @Test func meanOfOneValueHasNoInterval() {
        let estimate = MeanEstimate([0.3])
        #expect(estimate.mean == 0.3)
        #expect(estimate.interval == nil)
        #expect(MeanEstimate([]).mean == nil)
    }
}
