import Testing
import TestSupport
@testable import AdaptiveSweep

/// Issue 14, point 1: 10,000 simulated Bernoulli cells with known p, each run through the
/// stopping rule (seeds 16..400, half-width 0.05, level 0.75); the interval a cell stops with
/// must cover its p in at least 95% of cells, overall and near 0, 0.5, 1 and the level.
@Suite struct CoverageTests {
    /// 40 probabilities x 250 cells: the ends, the middle, and around the level.
    static let probabilities: [Double] = [0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.48, 0.5, 0.52, 0.55,
                                          0.6, 0.65, 0.7, 0.72, 0.74, 0.745, 0.75, 0.755, 0.76, 0.78, 0.8, 0.85, 0.9, 0.95,
                                          0.98, 0.99, 0.995, 0.999, 1, 0.25, 0.35, 0.675, 0.725, 0.775, 0.875]
    static let cellsPerProbability = 250

    struct Outcome {
        var covered = 0
        var cells = 0
        var seeds = 0
    }

    /// Runs each cell look by look; `interval` gives the interval at a look, `stops` the rule.
    static func simulate(_ rng: inout SeededRandom, rule: CellStopRule,
                         interval: (Int, Int) -> ProportionInterval) -> [Double: Outcome] {
        let looks = rule.schedule.looks
        var out: [Double: Outcome] = [:]
        for p in probabilities {
            var o = Outcome()
            for _ in 0..<cellsPerProbability {
                var s = 0
                var drawn = 0
                for look in looks.indices {
                    while drawn < looks[look] {
                        if Double.random(in: 0..<1, using: &rng) < p { s += 1 }
                        drawn += 1
                    }
                    if rule.stop(look: look, successes: s, failures: 0) != nil {
                        if interval(look, s).contains(p) { o.covered += 1 }
                        o.seeds += drawn
                        break
                    }
                }
                o.cells += 1
            }
            out[p] = o
        }
        return out
    }

    static func report(_ name: String, _ results: [Double: Outcome]) -> (overall: Double, worst: (Double, Double)) {
        let covered = results.values.reduce(0) { $0 + $1.covered }
        let cells = results.values.reduce(0) { $0 + $1.cells }
        let seeds = results.values.reduce(0) { $0 + $1.seeds }
        let worst = results.map { ($0.key, Double($0.value.covered) / Double($0.value.cells)) }.min { $0.1 < $1.1 }!
        print("\(name): \(cells) cells, coverage \(Double(covered) / Double(cells)), worst \(worst.1) at p = \(worst.0), mean seeds \(Double(seeds) / Double(cells))")
        for p in probabilities.sorted() {
            let o = results[p]!
            print("  p=\(p): coverage \(Double(o.covered) / Double(o.cells)), mean seeds \(Double(o.seeds) / Double(o.cells))")
        }
        return (Double(covered) / Double(cells), worst)
    }

    @Test func theStoppedIntervalCoversPInAtLeast95PercentOfCells() {
        var rng = SeededRandom.forTest()
        let intervals = SequentialIntervals(schedule: SeedSchedule(minSeeds: 16, maxSeeds: 400))
        let rule = CellStopRule(intervals: intervals, halfWidth: 0.05, level: 0.75)
        let results = Self.simulate(&rng, rule: rule) { intervals.interval(look: $0, successes: $1) }
        let (overall, worst) = Self.report("union-bounded Clopper-Pearson", results)
        #expect(results.values.reduce(0) { $0 + $1.cells } == 10_000)
        #expect(overall >= 0.95)
        // Each p's coverage is guaranteed >= 0.95; 250 cells estimate it within about +-0.03.
        #expect(worst.1 >= 0.92, "coverage \(worst.1) at p = \(worst.0)")
    }

    @Test func withoutALevelTheHalfWidthRuleAloneAlsoCovers() {
        var rng = SeededRandom.forTest()
        let intervals = SequentialIntervals(schedule: SeedSchedule(minSeeds: 16, maxSeeds: 400))
        let rule = CellStopRule(intervals: intervals, halfWidth: 0.05, level: nil)
        let results = Self.simulate(&rng, rule: rule) { intervals.interval(look: $0, successes: $1) }
        let (overall, worst) = Self.report("half-width only", results)
        #expect(overall >= 0.95)
        #expect(worst.1 >= 0.92, "coverage \(worst.1) at p = \(worst.0)")
    }

    /// The simulation can fail: a plain 95% Wilson interval checked at every look and stopped
    /// on ("peeking") misses p = level far more often than 5%.
    @Test func peekingWithAFixedSampleIntervalLosesCoverageAtTheLevel() {
        var rng = SeededRandom.forTest()
        let schedule = SeedSchedule(minSeeds: 16, maxSeeds: 400)
        func wilson(_ look: Int, _ s: Int) -> ProportionInterval {
            let n = Double(schedule.looks[look]), z = 1.959963984540054, p = Double(s) / n
            let center = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
            return ProportionInterval(lower: center - half, upper: center + half)
        }
        // The naive rule stops on the naive interval.
        let rule = NaiveRule(schedule: schedule, interval: wilson, level: 0.75, halfWidth: 0.05)
        var covered = 0
        let cells = 2_000
        for _ in 0..<cells {
            var s = 0, drawn = 0
            for look in schedule.looks.indices {
                while drawn < schedule.looks[look] {
                    if Double.random(in: 0..<1, using: &rng) < 0.75 { s += 1 }
                    drawn += 1
                }
                if rule.stops(look, s) {
                    if wilson(look, s).contains(0.75) { covered += 1 }
                    break
                }
            }
        }
        let coverage = Double(covered) / Double(cells)
        print("peeking Wilson at p = level: coverage \(coverage) over \(cells) cells")
        #expect(coverage < 0.9)
    }

    struct NaiveRule {
        var schedule: SeedSchedule
        var interval: (Int, Int) -> ProportionInterval
        var level: Double
        var halfWidth: Double

        func stops(_ look: Int, _ s: Int) -> Bool {
            let i = interval(look, s)
            return i.lower > level || i.upper < level || i.halfWidth <= halfWidth || look == schedule.lastLook
        }
    }
}
