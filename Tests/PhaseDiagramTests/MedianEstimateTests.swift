import TestSupport
import Plot
import Testing
@testable import PhaseDiagram

@Suite struct MedianEstimateTests {
    /// Ranks from the binomial(n, 1/2) CDF (scipy.stats.binom): the 95% interval of the median
    /// is [x(j), x(n+1-j)]; for n = 100 the classic 40th and 61st values.
    @Test(arguments: [(6, 1), (10, 2), (20, 6), (100, 40)])
    func lowerRankMatchesBinomialReference(n: Int, j: Int) {
        #expect(MedianEstimate.lowerRank(n: n) == j)
    }

    @Test func tooFewValuesHaveNoInterval() {
        #expect(MedianEstimate.lowerRank(n: 5) == nil)
        let estimate = MedianEstimate([3, 1, 2])
        #expect(estimate.median == 2)
        #expect(estimate.interval == nil)
    }

    @Test func intervalIsOrderStatistics() throws {
        let values = (1...20).map(Double.init).shuffled()
        let estimate = MedianEstimate(values)
        #expect(estimate.median == 10.5)
        let interval = try #require(estimate.interval)
        #expect(interval == 6...15)
    }

    @Test func infiniteValuesRankLast() throws {
        let estimate = MedianEstimate([1, 2, 3, .infinity, .infinity, .infinity, .infinity])
        #expect(estimate.median == .infinity)
        #expect(MedianEstimate([1, 2, .infinity]).median == 2)
    }
}
