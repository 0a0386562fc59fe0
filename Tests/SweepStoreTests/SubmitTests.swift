import Foundation
import SweepModel
import Testing
@testable import SweepStore

@Suite struct SubmitTests {
    @Test func submittingTheSameGridTwiceAddsNothing() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        let g = try StoreFixture.grid()
        let first = try await store.submit(g)
        #expect(first == SubmitResponse(sweepId: "g", trials: 8, new: 8))
        let again = try await store.submit(g)
        #expect(again == SubmitResponse(sweepId: "g", trials: 8, new: 0))
        let s = try await store.status(sweepId: "g")
        #expect(s.counts == TrialCounts(pending: 8))
        #expect(s.state == .running)
        #expect(try await store.checkInvariants().isEmpty)
    }

    /// A large submit leaves no WAL behind (at a million trials it stayed at ~500 MB): with the
    /// threshold at 100 trials, 800 new ones truncate it; 8 below the threshold do not.
    @Test func aLargeSubmitTruncatesTheWAL() async throws {
        let f = try StoreFixture()
        let store = try f.open(StoreOptions(walCheckpointAfterTrials: 100))
        let wal = f.path + "-wal"
        func walBytes() throws -> Int { (try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? -1 }
        _ = try await store.submit(StoreFixture.grid("small"))
        #expect(try walBytes() > 0, "a small submit is not checkpointed")
        let big = try await store.submit(StoreFixture.grid("big", std: (1...20).map { "\($0)" }, momentum: ["0", "0.5", "0.9", "0.99"], seeds: 10))
        #expect(big.new == 800)
        #expect(try walBytes() == 0)
        #expect(try await store.status(sweepId: "big").counts == TrialCounts(pending: 800))
    }

    @Test func extendingSeedsOrValuesAddsOnlyTheNewTrials() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 2))
        let more = try await store.submit(StoreFixture.grid(seeds: 3))
        #expect(more == SubmitResponse(sweepId: "g", trials: 12, new: 4))
        let wider = try await store.submit(StoreFixture.grid(momentum: ["0", "0.9", "0.99"], seeds: 3))
        #expect(wider == SubmitResponse(sweepId: "g", trials: 18, new: 6))
        // A smaller grid under the same name keeps the union.
        let smaller = try await store.submit(StoreFixture.grid(seeds: 1))
        #expect(smaller == SubmitResponse(sweepId: "g", trials: 18, new: 0))
    }

    @Test func aTrialSharedByTwoSweepsRunsOnce() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("a", std: ["0.1", "1"]))
        let b = try await store.submit(StoreFixture.grid("b", std: ["1", "10"]))
        #expect(b.trials == 8 && b.new == 8)
        let lease = try await store.lease(worker: "w1", slots: 100, now: StoreFixture.t0)
        #expect(lease.leases.count == 12)  // 8 + 8 - 4 shared
        let ack = try await store.record(lease.leases.map { StoreFixture.result($0) }, now: StoreFixture.t0)
        #expect(ack.results.allSatisfy { $0.status == .stored })
        for id in ["a", "b"] {
            let s = try await store.status(sweepId: id, now: StoreFixture.t0)
            #expect(s.state == .finished)
            #expect(s.counts == TrialCounts(done: 8))
        }
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aLaterSweepJoinsTrialsAlreadyDone() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("a"))
        let lease = try await store.lease(worker: "w1", slots: 100)
        _ = try await store.record(lease.leases.map { StoreFixture.result($0) })
        let again = try await store.submit(StoreFixture.grid("copy"))
        #expect(again.new == 8)
        let s = try await store.status(sweepId: "copy")
        #expect(s.counts == TrialCounts(done: 8))
        #expect(s.state == .finished)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func extendingAFinishedSweepRunsItAgain() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let lease = try await store.lease(worker: "w1", slots: 100)
        _ = try await store.record(lease.leases.map { StoreFixture.result($0) })
        #expect(try await store.status(sweepId: "g").state == .finished)
        #expect(try await store.submit(StoreFixture.grid(seeds: 1)).new == 0)
        #expect(try await store.status(sweepId: "g").state == .finished)
        #expect(try await store.submit(StoreFixture.grid(seeds: 2)).new == 4)
        #expect(try await store.status(sweepId: "g").state == .running)
        #expect(try await store.lease(worker: "w1", slots: 100).leases.count == 4)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func anInvalidGridIsRefusedBeforeAnythingIsWritten() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        let g = try GridSpec.parse("name: bad\naxes: { momentum: [0.5, 1.5] }\n", file: "bad.yaml")
        await #expect(throws: StoreError.self) { try await store.submit(g) }
        await #expect(throws: StoreError.sweepNotFound("bad")) { try await store.status(sweepId: "bad") }
    }
}
