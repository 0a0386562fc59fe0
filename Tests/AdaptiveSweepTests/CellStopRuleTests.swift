import Testing
import TestSupport
@testable import AdaptiveSweep

@Suite struct CellStopRuleTests {
    static let p2 = CellStopRule(intervals: SequentialIntervals(schedule: SeedSchedule(minSeeds: 16, maxSeeds: 400)), halfWidth: 0.05, level: 0.75)

    @Test func aCellThatNeverDiesStopsAtItsFirstLookBelowTheLevel() {
        #expect(Self.p2.stop(look: 0, successes: 0, failures: 0) == .belowLevel)
    }

    @Test func aCellThatAlwaysDiesNeedsASecondLookToClearTheLevel() {
        // 16/16: lower end (0.05 / 18)^(1/16) = 0.69 < 0.75; 24/24: 0.78.
        #expect(Self.p2.stop(look: 0, successes: 16, failures: 0) == nil)
        #expect(Self.p2.intervals.interval(look: 0, successes: 16).lower < 0.75)
        #expect(Self.p2.stop(look: 1, successes: 24, failures: 0) == .aboveLevel)
    }

    @Test func withoutALevelTheHalfWidthStopsAnExtremeCellAt81Seeds() {
        let rule = CellStopRule(intervals: Self.p2.intervals, halfWidth: 0.05, level: nil)
        for look in 0..<4 { #expect(rule.stop(look: look, successes: 0, failures: 0) == nil, "look \(look)") }
        #expect(rule.schedule.looks[4] == 81)
        #expect(rule.stop(look: 4, successes: 0, failures: 0) == .halfWidth)
    }

    @Test func aCellAtTheLevelRunsToMaxSeeds() {
        for look in 0..<Self.p2.schedule.lastLook {
            let n = Self.p2.schedule.looks[look]
            #expect(Self.p2.stop(look: look, successes: n * 3 / 4, failures: 0) == nil)
        }
        #expect(Self.p2.stop(look: 8, successes: 300, failures: 0) == .maxSeeds)
    }

    @Test func theHalfWidthBoundIsInclusive() {
        let i = Self.p2.intervals.interval(look: 8, successes: 10)
        let exact = CellStopRule(intervals: Self.p2.intervals, halfWidth: i.halfWidth, level: nil)
        #expect(exact.stop(look: 8, successes: 10, failures: 0) == .halfWidth)
        let tighter = CellStopRule(intervals: Self.p2.intervals, halfWidth: i.halfWidth.nextDown, level: nil)
        #expect(tighter.stop(look: 7, successes: 7, failures: 0) == nil)
    }

    @Test func failuresKeepACellGoing() {
        // 0 of 16 stops below the level; with 8 of them failed it cannot.
        #expect(Self.p2.stop(look: 0, successes: 0, failures: 8) == nil)
    }

    /// `goesOn` is never wrong: whenever it says a cell goes on, every way its pending seeds
    /// can come back (yes, no or failed) goes on. Checked exhaustively on small schedules.
    @Test(arguments: [0.75, 0.3, nil] as [Double?])
    func goesOnNeverHandsOutABatchTheCompleteLookWouldNot(level: Double?) {
        let rule = CellStopRule(intervals: SequentialIntervals(schedule: SeedSchedule(minSeeds: 4, maxSeeds: 40)), halfWidth: 0.1, level: level)
        var certain = 0, possible = 0
        for look in 0..<rule.schedule.lastLook {
            let n = rule.schedule.looks[look]
            for pending in 1...n {
                for s in 0...(n - pending) {
                    for f in 0...(n - pending - s) {
                        var allGoOn = true
                        for yes in 0...pending {
                            for failed in 0...(pending - yes) where rule.stop(look: look, successes: s + yes, failures: f + failed) != nil {
                                allGoOn = false
                            }
                        }
                        let says = rule.goesOn(look: look, successes: s, failures: f, pending: pending)
                        #expect(!says || allGoOn, "look \(look), \(s) yes, \(f) failed, \(pending) pending")
                        if says { certain += 1 }
                        if allGoOn { possible += 1 }
                    }
                }
            }
        }
        print("level \(String(describing: level)): goesOn certain in \(certain) of \(possible) states where going on is certain")
        #expect(certain > possible / 2, "the look-ahead is sufficient but too weak to matter")
    }
}
