import TestSupport
import Testing
@testable import SweepClient

@Suite struct BackoffTests {
    @Test func ceilingDoublesUpToTheBound() {
        let b = Backoff(initialDelay: 0.5, maxDelay: 6, multiplier: 2)
        #expect(b.ceiling(failures: 1) == 0.5)
        #expect(b.ceiling(failures: 2) == 1)
        #expect(b.ceiling(failures: 4) == 4)
        #expect(b.ceiling(failures: 5) == 6)
        #expect(b.ceiling(failures: 1000) == 6)
    }

    @Test func delaysStayInTheUpperHalfOfTheCeiling() {
        let b = Backoff(initialDelay: 0.2, maxDelay: 10)
        var seen = Set<Double>()
        for failures in 1...12 {
            for _ in 0..<50 {
                let d = b.delay(failures: failures)
                let c = b.ceiling(failures: failures)
                #expect(d >= c / 2 && d <= c)
                seen.insert(d)
            }
        }
        // Jittered: not one fixed delay per step.
        #expect(seen.count > 100)
    }

    @Test func rejectsUnusableLimits() {
        #expect(Backoff(initialDelay: 0).validationProblem() != nil)
        #expect(Backoff(initialDelay: 2, maxDelay: 1).validationProblem() != nil)
        #expect(Backoff(multiplier: 0.5).validationProblem() != nil)
        #expect(Backoff().validationProblem() == nil)
    }
}
