import Foundation
import SweepModel
import Testing
@testable import SweepStore

@Suite struct SweepControlTests {
    let t0 = StoreFixture.t0

    @Test func aPausedSweepGivesNoLeasesButKeepsItsRunningTrials() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let held = try await store.lease(worker: "w1", slots: 1, now: t0).leases[0]
        let paused = try await store.pause(sweepId: "g", now: t0)
        #expect(paused.state == .paused && paused.eta == nil)
        let r = try await store.lease(worker: "w1", slots: 4, now: t0)
        #expect(r.leases.isEmpty && !r.finished)
        #expect(try await store.heartbeat(worker: "w1", leaseIds: [held.leaseId], now: t0).leases[0].status == .renewed)
        #expect(try await store.record([StoreFixture.result(held)], now: t0).results[0].status == .stored)
        #expect(try await store.resume(sweepId: "g", now: t0).state == .running)
        #expect(try await store.lease(worker: "w1", slots: 4, now: t0).leases.count == 3)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aCancelledSweepStopsItsLeasesAndLetsWorkersExit() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let held = try await store.lease(worker: "w1", slots: 2, now: t0).leases
        #expect(try await store.cancel(sweepId: "g", now: t0).state == .cancelled)
        let hb = try await store.heartbeat(worker: "w1", leaseIds: held.map(\.leaseId), now: t0)
        #expect(hb.leases.allSatisfy { $0.status == .stop && $0.reason == "cancelled" })
        for g in held { #expect(try await store.trial(id: g.trialId)?.state == .pending) }
        let r = try await store.lease(worker: "w1", slots: 4, now: t0)
        #expect(r.leases.isEmpty && r.finished)
        await #expect(throws: StoreError.self) { try await store.pause(sweepId: "g", now: t0) }
        // Resuming (or re-submitting) runs it again.
        #expect(try await store.resume(sweepId: "g", now: t0).state == .running)
        #expect(try await store.lease(worker: "w1", slots: 8, now: t0).leases.count == 4)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aTrialSharedWithARunningSweepStaysLeasable() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("a", std: ["1"]))
        _ = try await store.submit(StoreFixture.grid("b", std: ["1", "10"]))
        _ = try await store.pause(sweepId: "a", now: t0)
        let l = try await store.lease(worker: "w1", slots: 100, now: t0).leases
        #expect(l.count == 8)
        #expect(l.allSatisfy { $0.sweepId == "b" })
        _ = try await store.cancel(sweepId: "b", now: t0)
        // Still held by the paused sweep a: renewed, not stopped.
        let hb = try await store.heartbeat(worker: "w1", leaseIds: l.map(\.leaseId), now: t0)
        #expect(hb.leases.filter { $0.status == .renewed }.count == 4)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func unknownSweepsAreNotFound() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        await #expect(throws: StoreError.sweepNotFound("nope")) { try await store.pause(sweepId: "nope") }
        await #expect(throws: StoreError.sweepNotFound("../x")) { try await store.status(sweepId: "../x") }
        await #expect(throws: StoreError.sweepNotFound("nope")) { try await store.exportPage(sweepId: "nope") }
    }

    @Test func statusListsSweepsWorkersThroughputAndETA() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid("a"), now: t0)
        _ = try await store.submit(StoreFixture.grid("b", std: ["7"]), now: t0)
        let l = try await store.lease(worker: "w1", slots: 4, now: t0.addingTimeInterval(1)).leases
        _ = try await store.record(l.map { StoreFixture.result($0) }, now: t0.addingTimeInterval(2))
        let list = try await store.statusList(now: t0.addingTimeInterval(4))
        #expect(list.sweeps.map(\.id) == ["a", "b"])
        let a = list.sweeps[0]
        #expect(a.counts == TrialCounts(pending: 4, done: 4))
        #expect(a.throughput == 1)   // 4 results in the 4 s since the sweep started
        #expect(a.eta == 4)
        #expect(list.workers.map(\.name) == ["w1"])
        // A worker not seen for longer than the live window is not listed.
        #expect(try await store.statusList(now: t0.addingTimeInterval(1000)).workers.isEmpty)
    }
}
