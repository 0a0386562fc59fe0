import Foundation
import Testing
@testable import PhaseDiagram

/// The exact McNemar p-value against sums worked by hand and exact big-integer sums.
@Suite struct McNemarTestTests {
    func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test("small n by hand: 2 (sum of C(n, k), k <= min(b, c)) / 2^n")
    func byHand() {
        // n = 10, min = 1: 2 (1 + 10) / 1024.
        #expect(close(McNemarTest(b: 1, c: 9).pValue, 0.021484375))
        // n = 10, min = 2: 2 (1 + 10 + 45) / 1024.
        #expect(close(McNemarTest(b: 2, c: 8).pValue, 0.109375))
        // n = 5, min = 0: 2 / 32.
        #expect(close(McNemarTest(b: 0, c: 5).pValue, 0.0625))
        // n = 1: 2 * 1/2 = 1.
        #expect(McNemarTest(b: 1, c: 0).pValue == 1)
        // Symmetric in b and c.
        #expect(McNemarTest(b: 9, c: 1).pValue == McNemarTest(b: 1, c: 9).pValue)
    }

    @Test("no difference: b == c, or no discordant pairs, gives 1")
    func noDifference() {
        #expect(McNemarTest(b: 0, c: 0).pValue == 1)
        #expect(McNemarTest(b: 7, c: 7).pValue == 1)
        #expect(McNemarTest(b: 4, c: 5).pValue == 1)  // 2 P(X <= 4) = 2 * 0.5, n = 9
    }

    @Test("large n: stable, against exact big-integer sums")
    func largeN() {
        // Python: 2 * sum(comb(n, k) for k <= m) / 2**n, in 50-digit decimals.
        #expect(close(McNemarTest(b: 12, c: 30).pValue, 0.007915897334896727, relative: 1e-11))
        #expect(close(McNemarTest(b: 4500, c: 5500).pValue, 1.5510640568246042e-23, relative: 1e-9))
        // 2 * 2^-60 exactly: no binomial coefficient overflows, no 2^-n underflows on the way.
        #expect(close(McNemarTest(b: 0, c: 60).pValue, pow(2, -59)))
        // A million pairs: finite, in (0, 1], and smaller for a larger imbalance.
        let near = McNemarTest(b: 500_000, c: 501_000).pValue
        let far = McNemarTest(b: 500_000, c: 503_000).pValue
        #expect(near.isFinite && near > 0 && near <= 1)
        #expect(far < near && far > 0)
        // Normal approximation as a sanity check at n = 1,001,000: z = 1000 / sqrt(n).
        let z = 1000 / (1_001_000.0).squareRoot()
        #expect(abs(near - erfc(z / 2.0.squareRoot())) < 0.01)
    }
}
