import Foundation
import SweepModel
import Testing
@testable import SweepStore

@Suite struct LeaseTests {
    let t0 = StoreFixture.t0

    @Test func leasesGoOldestFirstWithEpochOneAndTheTrialsConfig() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        let g = try StoreFixture.grid()
        _ = try await store.submit(g)
        let r = try await store.lease(worker: "w1", host: "h1", slots: 3, now: t0, leaseSeconds: 30)
        let expected = try g.trials().prefix(3)
        #expect(r.leases.map(\.trialId) == expected.map(\.id))
        #expect(r.leases.map(\.config) == expected.map(\.config))
        #expect(r.leases.allSatisfy { $0.epoch == 1 && $0.sweepId == "g" && $0.expiresAt.secondsSince1970 == t0.timeIntervalSince1970 + 30 })
        #expect(Set(r.leases.map(\.leaseId)).count == 3 && r.leases.allSatisfy { LeaseID.isWellFormed($0.leaseId) })
        #expect(!r.finished)
        let s = try await store.status(sweepId: "g", now: t0)
        #expect(s.counts == TrialCounts(pending: 5, leased: 3))
        let workers = try await store.workers(now: t0)
        #expect(workers.map(\.name) == ["w1"] && workers[0].leased == 3 && workers[0].slots == 3 && workers[0].host == "h1")
    }

    @Test func anEmptyStoreIsFinishedAndABusyOneSaysWhenToRetry() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        let empty = try await store.lease(worker: "w1", slots: 4, now: t0)
        #expect(empty.leases.isEmpty && empty.finished)
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        _ = try await store.lease(worker: "w1", slots: 4, now: t0, leaseSeconds: 8)
        let busy = try await store.lease(worker: "w2", slots: 4, now: t0)
        #expect(busy.leases.isEmpty && !busy.finished)
        #expect(busy.retryAfterSeconds >= 1 && busy.retryAfterSeconds <= 8)
    }

    @Test func expiredLeasesAreRequeuedWithoutSpendingTheRetryBudget() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let first = try await store.lease(worker: "w1", slots: 4, now: t0, leaseSeconds: 10)
        #expect(try await store.lease(worker: "w2", slots: 4, now: t0.addingTimeInterval(9)).leases.isEmpty)
        let second = try await store.lease(worker: "w2", slots: 4, now: t0.addingTimeInterval(11))
        #expect(second.leases.map(\.trialId) == first.leases.map(\.trialId))
        #expect(second.leases.allSatisfy { $0.epoch == 2 })
        for g in second.leases {
            let info = try #require(try await store.trial(id: g.trialId))
            #expect(info.attempts == 0 && info.epoch == 2 && info.state == .leased)
        }
        let events = try await store.events()
        #expect(events.filter { $0.kind == "expire" }.count == 4)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func expireAloneRequeuesAndCountsThem() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        _ = try await store.lease(worker: "w1", slots: 3, now: t0, leaseSeconds: 10)
        #expect(try await store.expire(now: t0.addingTimeInterval(5)) == 0)
        #expect(try await store.expire(now: t0.addingTimeInterval(10)) == 3)
        #expect(try await store.status(sweepId: "g", now: t0).counts == TrialCounts(pending: 4))
    }

    @Test func heartbeatsRenewActiveLeasesAndStopLostOnes() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let l = try await store.lease(worker: "w1", slots: 2, now: t0, leaseSeconds: 10).leases
        let hb = try await store.heartbeat(worker: "w1", leaseIds: l.map(\.leaseId) + [String(repeating: "0", count: 32)],
                                           now: t0.addingTimeInterval(8), leaseSeconds: 10)
        #expect(hb.leases.map(\.status) == [.renewed, .renewed, .stop])
        #expect(hb.leases[0].expiresAt?.secondsSince1970 == t0.timeIntervalSince1970 + 18)
        #expect(hb.leases[2].reason == "unknown")
        // Renewed past the original expiry: not requeued.
        #expect(try await store.expire(now: t0.addingTimeInterval(15)) == 0)
        // Not renewed again: expires, and the holder is told.
        #expect(try await store.expire(now: t0.addingTimeInterval(18)) == 2)
        let late = try await store.heartbeat(worker: "w1", leaseIds: [l[0].leaseId], now: t0.addingTimeInterval(19))
        #expect(late.leases[0].status == .stop && late.leases[0].reason == "expired")
    }

    @Test func releaseReturnsTrialsAtOnceForFree() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let l = try await store.lease(worker: "w1", slots: 4, now: t0).leases
        let r = try await store.release(worker: "w1", leaseIds: l.map(\.leaseId) + [l[0].leaseId], now: t0)
        #expect(r.released == 4)
        let again = try await store.lease(worker: "w2", slots: 4, now: t0).leases
        #expect(again.map(\.trialId) == l.map(\.trialId) && again.allSatisfy { $0.epoch == 2 })
        for g in again { #expect(try await store.trial(id: g.trialId)?.attempts == 0) }
        let hb = try await store.heartbeat(worker: "w1", leaseIds: [l[0].leaseId], now: t0)
        #expect(hb.leases[0].reason == "released")
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test("a worker shows its training slots and prefetch, not the trials its lookahead asks for")
    func workersShowTheirSlots() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 20))
        _ = try await store.lease(worker: "new", slots: 48, trainingSlots: 2, prefetch: 46, now: t0)
        // An older worker says neither: its slots are what it asked for, as before.
        _ = try await store.lease(worker: "old", slots: 6, now: t0)
        let workers = try await store.workers(now: t0)
        let new = try #require(workers.first { $0.name == "new" })
        #expect(new.slots == 2 && new.prefetch == 46 && new.requested == 48 && new.leased == 48)
        let old = try #require(workers.first { $0.name == "old" })
        #expect(old.slots == 6 && old.prefetch == nil && old.requested == 6)
        // The last request counts.
        _ = try await store.lease(worker: "new", slots: 3, trainingSlots: 2, prefetch: 64, now: t0)
        let after = try #require(try await store.workers(now: t0).first { $0.name == "new" })
        #expect(after.slots == 2 && after.prefetch == 64 && after.requested == 3)
        await #expect(throws: StoreError.self) { try await store.lease(worker: "w", slots: 1, trainingSlots: 0) }
    }

    @Test func malformedRequestsAreRefused() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        await #expect(throws: StoreError.self) { try await store.lease(worker: "", slots: 1) }
        await #expect(throws: StoreError.self) { try await store.lease(worker: "w", slots: 0) }
        await #expect(throws: StoreError.self) { try await store.heartbeat(worker: "w", leaseIds: ["../x"]) }
    }
}
