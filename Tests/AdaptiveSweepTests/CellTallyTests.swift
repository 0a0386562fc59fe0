import Testing
import TestSupport
@testable import AdaptiveSweep

@Suite struct CellTallyTests {
    static let rule = CellStopRule(intervals: SequentialIntervals(schedule: SeedSchedule(minSeeds: 16, maxSeeds: 400)), halfWidth: 0.05, level: 0.75)

    @Test func nothingBackMeansTheFirstBatch() {
        let t = CellTally.replay(Self.rule) { _ in nil }
        #expect(t.look == 0 && t.seedsIssued == 16 && t.pending == 16 && t.stop == nil && t.interval == nil && t.fraction == nil)
    }

    @Test func aCompleteLookThatGoesOnIssuesTheNextBatch() {
        let t = CellTally.replay(Self.rule) { $0 < 16 ? .yes : nil }
        #expect(t.look == 1 && t.seedsIssued == 24 && t.successes == 16 && t.pending == 8 && t.stop == nil)
        #expect(t.interval == Self.rule.intervals.interval(look: 0, successes: 16))
        let done = CellTally.replay(Self.rule) { _ in .yes }
        #expect(done.stop == .aboveLevel && done.seedsIssued == 24 && done.fraction == 1)
    }

    @Test func aStoppedCellTakesNoMore() {
        let t = CellTally.replay(Self.rule) { _ in .no }
        #expect(t.isSettled && t.stop == .belowLevel && t.seedsIssued == 16 && t.observed == 16)
    }

    @Test func anIncompleteLookIssuesEarlyOnlyWhenNoOutcomeCouldStopIt() {
        // 12 yes and 3 no of 16 back, 1 pending: 12/16 or 13/16 both straddle 0.75, both wide.
        let t = CellTally.replay(Self.rule) { seed in seed < 12 ? .yes : seed < 15 ? .no : nil }
        #expect(t.seedsIssued >= 24, "\(t)")
        #expect(Self.rule.goesOn(look: 0, successes: 12, failures: 0, pending: 1))
        // 1 yes of 2 back: 14 pending could make it 15/16 or 1/16; the latter stops below.
        let early = CellTally.replay(Self.rule) { seed in seed == 0 ? .yes : seed == 1 ? .no : nil }
        #expect(early.seedsIssued == 16)
    }

    /// Whatever subset of a cell's results is back, the replay issues no seed the complete
    /// replay would not, and the complete replay is reached once the issued seeds are back.
    @Test func partialResultsNeverIssueMoreThanCompleteOnes() {
        var rng = SeededRandom.forTest()
        for _ in 0..<300 {
            let p = [0.0, 0.1, 0.5, 0.7, 0.75, 0.8, 1.0].randomElement(using: &rng)!
            let truth: [TrialOutcome] = (0..<400).map { _ in
                Double.random(in: 0..<1, using: &rng) < 0.01 ? .failed : (Double.random(in: 0..<1, using: &rng) < p ? .yes : .no)
            }
            let complete = CellTally.replay(Self.rule) { truth[$0] }
            var back = Set<Int>()
            var tally = CellTally.replay(Self.rule) { _ in nil }
            while tally.pending > 0 {
                #expect(tally.seedsIssued <= complete.seedsIssued)
                let missing = (0..<tally.seedsIssued).filter { !back.contains($0) }
                for s in missing.shuffled(using: &rng).prefix(Int.random(in: 1...max(1, missing.count), using: &rng)) { back.insert(s) }
                tally = CellTally.replay(Self.rule) { back.contains($0) ? truth[$0] : nil }
            }
            #expect(tally == complete, "p = \(p)")
        }
    }
}
