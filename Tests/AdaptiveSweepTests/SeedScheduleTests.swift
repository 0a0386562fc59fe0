import Testing
@testable import AdaptiveSweep

@Suite struct SeedScheduleTests {
    @Test func looksGrowByHalfFromMinToMax() {
        let s = SeedSchedule(minSeeds: 16, maxSeeds: 400)
        #expect(s.looks == [16, 24, 36, 54, 81, 122, 183, 275, 400])
        #expect(abs(s.alphaPerLook - 0.05 / 9) < 1e-15)
    }

    @Test func degenerateSchedules() {
        #expect(SeedSchedule(minSeeds: 5, maxSeeds: 5).looks == [5])
        #expect(SeedSchedule(minSeeds: 1, maxSeeds: 6).looks == [1, 2, 3, 5, 6])
        #expect(SeedSchedule(minSeeds: 100, maxSeeds: 101).looks == [100, 101])
    }
}
