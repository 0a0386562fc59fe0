import TestSupport
import SweepClient
import Testing
@testable import Worker

/// The worker's lease lookahead: fixed when `--prefetch` or `--lease-batch` is given, growing
/// with short trials by default, never beyond its cap.
struct LeaseLookaheadTests {
    static func automatic(slots: Int = 2) -> LeaseLookahead {
        LeaseLookahead(slots: slots, prefetch: slots, leaseBatch: slots, automatic: true)
    }

    @Test func beforeAnyTrialTheMinimumIsHeld() {
        let l = Self.automatic()
        #expect(l.prefetch == 2)
        #expect(l.meanTrialSeconds == nil)
    }

    @Test func shortTrialsGrowThePrefetchToCoverTheLookahead() {
        var l = Self.automatic()
        l.record(trialSeconds: 0.01)
        // 2 slots x 0.1 s / 0.01 s per trial.
        #expect(l.prefetch == 20)
        var tiny = Self.automatic()
        tiny.record(trialSeconds: 0.0001)
        #expect(tiny.prefetch == 2 * LeaseLookahead.maxPrefetchPerSlot)
        var instant = Self.automatic()
        instant.record(trialSeconds: 0)
        #expect(instant.prefetch == 2 * LeaseLookahead.maxPrefetchPerSlot)
    }

    @Test func longTrialsKeepTheMinimum() {
        var l = Self.automatic(slots: 4)
        l.record(trialSeconds: 2.5)
        #expect(l.prefetch == 4)
    }

    @Test func theAverageFollowsTrialsThatGetLonger() {
        var l = Self.automatic()
        l.record(trialSeconds: 0.01)
        for _ in 0..<40 { l.record(trialSeconds: 1.0) }
        #expect(abs((l.meanTrialSeconds ?? 0) - 1.0) < 0.02)
        #expect(l.prefetch == 2)
    }

    @Test func nonFiniteOrNegativeTimesAreIgnored() {
        var l = Self.automatic()
        l.record(trialSeconds: 0.05)
        for bad in [Double.nan, .infinity, -1] { l.record(trialSeconds: bad) }
        #expect(l.meanTrialSeconds == 0.05)
    }

    @Test func explicitFlagsAreKeptWhateverTheTrials() {
        var l = LeaseLookahead(slots: 2, prefetch: 3, leaseBatch: 5, automatic: false)
        l.record(trialSeconds: 0.0001)
        #expect(l.prefetch == 3)
        #expect(l.batch(free: 4) == 4)
        #expect(l.batch(free: 9) == 5)
    }

    @Test func anAutomaticRequestAsksForEveryFreePlace() {
        let l = Self.automatic()
        #expect(l.batch(free: 37) == 37)
        #expect(l.batch(free: 5000) == 1024)
    }

    @Test func eitherFlagMakesLeasingFixed() throws {
        let endpoint = try CoordinatorEndpoint(url: "http://127.0.0.1:1", token: nil)
        #expect(WorkerConfiguration(endpoint: endpoint, slots: 2).automaticLeasing)
        #expect(!WorkerConfiguration(endpoint: endpoint, slots: 2, prefetch: 2).automaticLeasing)
        #expect(!WorkerConfiguration(endpoint: endpoint, slots: 2, leaseBatch: 2).automaticLeasing)
    }
}
