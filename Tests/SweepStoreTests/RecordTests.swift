import Foundation
import ReLUCore
import SweepModel
import Testing
@testable import SweepStore

@Suite struct RecordTests {
    let t0 = StoreFixture.t0

    func oneTrialStore(_ f: StoreFixture, maxAttempts: Int = 3) async throws -> SweepStore {
        let store = try f.open(StoreOptions(maxAttempts: maxAttempts))
        _ = try await store.submit(StoreFixture.grid(std: ["1"], momentum: ["0.9"], seeds: 1))
        return store
    }

    @Test func aResultIsStoredOnceAndFinishesTheSweep() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid())
        let l = try await store.lease(worker: "w1", slots: 8, now: t0).leases
        let items = l.map { StoreFixture.result($0) }
        let ack = try await store.record(items + [items[0]], now: t0)
        #expect(ack.results.prefix(8).allSatisfy { $0.status == .stored })
        #expect(ack.results[8].status == .duplicate)
        #expect(try await store.record(items, now: t0).results.allSatisfy { $0.status == .duplicate })
        let s = try await store.status(sweepId: "g", now: t0)
        #expect(s.state == .finished && s.counts == TrialCounts(done: 8) && s.eta == 0 && s.finishedAt != nil)
        #expect(try await store.lease(worker: "w1", slots: 8, now: t0).finished)
        let workers = try await store.workers(now: t0)
        #expect(workers.first?.done == 8 && workers.first?.leased == 0)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aLateResultFromAnExpiredLeaseIsStoredIfTheTrialHasNone() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f)
        let old = try await store.lease(worker: "slow", slots: 1, now: t0, leaseSeconds: 10).leases[0]
        let new = try await store.lease(worker: "fast", slots: 1, now: t0.addingTimeInterval(11), leaseSeconds: 10).leases[0]
        #expect(new.epoch == 2 && new.trialId == old.trialId)
        let late = try await store.record([StoreFixture.result(old, worker: "slow")], now: t0.addingTimeInterval(12))
        #expect(late.results[0].status == .stored)
        // The current holder learns it can stop, and its result is a duplicate.
        let hb = try await store.heartbeat(worker: "fast", leaseIds: [new.leaseId], now: t0.addingTimeInterval(13))
        #expect(hb.leases[0].status == .stop && hb.leases[0].reason == "superseded")
        let dup = try await store.record([StoreFixture.result(new, worker: "fast")], now: t0.addingTimeInterval(14))
        #expect(dup.results[0].status == .duplicate)
        #expect(try await store.checkInvariants().isEmpty)
        #expect(try await store.status(sweepId: "g", now: t0).counts == TrialCounts(done: 1))
    }

    @Test func aLateResultAfterTheCurrentHolderReportedIsADuplicate() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f)
        let old = try await store.lease(worker: "slow", slots: 1, now: t0, leaseSeconds: 10).leases[0]
        let new = try await store.lease(worker: "fast", slots: 1, now: t0.addingTimeInterval(11)).leases[0]
        #expect(try await store.record([StoreFixture.result(new)], now: t0.addingTimeInterval(12)).results[0].status == .stored)
        #expect(try await store.record([StoreFixture.result(old)], now: t0.addingTimeInterval(13)).results[0].status == .duplicate)
    }

    @Test func forgedLeasesTrialsAndEpochsAreRejectedAndChangeNothing() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        _ = try await store.submit(StoreFixture.grid(seeds: 1))
        let l = try await store.lease(worker: "w1", slots: 2, now: t0).leases
        var unknownLease = StoreFixture.result(l[0])
        unknownLease.leaseId = String(repeating: "f", count: 32)
        var otherTrial = StoreFixture.result(l[0])
        otherTrial.trialId = l[1].trialId
        var wrongEpoch = StoreFixture.result(l[0])
        wrongEpoch.epoch = 7
        var malformed = StoreFixture.result(l[0])
        malformed.trialId = "not-an-id"
        let before = try await store.status(sweepId: "g", now: t0)
        let ack = try await store.record([unknownLease, otherTrial, wrongEpoch, malformed], now: t0)
        #expect(ack.results.map(\.status) == [.rejected, .rejected, .rejected, .rejected])
        #expect(ack.results.allSatisfy { ($0.detail ?? "").isEmpty == false })
        #expect(try await store.status(sweepId: "g", now: t0).counts == before.counts)
        for g in l { #expect(try await store.trial(id: g.trialId)?.state == .leased) }
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func failuresSpendTheBudgetAndEndFailedWithTheLastError() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f, maxAttempts: 3)
        var lastAck: ResultAckItem?
        for attempt in 1...3 {
            let g = try await store.lease(worker: "w1", slots: 1, now: t0).leases[0]
            #expect(g.epoch == attempt)
            lastAck = try await store.record([StoreFixture.failure(g, "boom \(attempt)")], now: t0).results[0]
            #expect(lastAck?.status == .stored)
        }
        #expect(lastAck?.detail?.contains("failed") == true)
        let id = try StoreFixture.grid(std: ["1"], momentum: ["0.9"], seeds: 1).trials()[0].id
        let info = try #require(try await store.trial(id: id))
        #expect(info.state == .failed && info.attempts == 3 && info.lastError == "boom 3")
        let s = try await store.status(sweepId: "g", now: t0)
        #expect(s.state == .finished && s.counts == TrialCounts(failed: 1))
        let page = try await store.exportPage(sweepId: "g")
        #expect(page.records.count == 1 && page.records[0].error == "boom 3" && page.records[0].metrics == nil)
        #expect(try await store.workers(now: t0).first?.failed == 3)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test("a configuration failure fails the trial at once, with its reason, and is listed as one")
    func aConfigurationFailureIsNotRetried() async throws {
        let f = try StoreFixture()
        let store = try f.open(StoreOptions(maxAttempts: 3))
        _ = try await store.submit(StoreFixture.grid(std: ["1"], momentum: ["0", "0.9"], seeds: 1))
        let grants = try await store.lease(worker: "w1", slots: 2, now: t0).leases
        #expect(grants.count == 2)
        let refusal = "training failed on host-a: csv data set \"../../etc/passwd\" refused: contains '..'"
        var refused = StoreFixture.failure(grants[0], refusal)
        refused.errorKind = .configuration
        let ack = try await store.record([refused, StoreFixture.failure(grants[1], "disk hiccup")], now: t0)
        #expect(ack.results.map(\.status) == [.stored, .stored])
        #expect(ack.results[0].detail == "configuration failure (not retried): the trial is failed")
        #expect(ack.results[1].detail == "failure 1 of 3: requeued")

        let info = try #require(try await store.trial(id: grants[0].trialId))
        #expect(info.state == .failed && info.attempts == 1 && info.lastError == refusal)
        #expect(try await store.trial(id: grants[1].trialId)?.state == .pending)
        #expect(try await store.status(sweepId: "g", now: t0).counts == TrialCounts(pending: 1, failed: 1))
        // Never leased again: only the ordinary failure comes back.
        let again = try await store.lease(worker: "w2", slots: 2, now: t0).leases
        #expect(again.map(\.trialId) == [grants[1].trialId])

        let failures = try await store.failures(limit: 10)
        let listed = try #require(failures.first { $0.trialId == grants[0].trialId })
        #expect(listed.final && listed.errorKind == .configuration && listed.attempt == 1 && listed.maxAttempts == 3)
        #expect(listed.error == refusal)
        #expect(failures.first { $0.trialId == grants[1].trialId }?.errorKind == nil)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aFailureFromAStaleLeaseIsNotCounted() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f)
        let old = try await store.lease(worker: "w1", slots: 1, now: t0, leaseSeconds: 10).leases[0]
        _ = try await store.expire(now: t0.addingTimeInterval(11))
        let ack = try await store.record([StoreFixture.failure(old, "late crash")], now: t0.addingTimeInterval(12))
        #expect(ack.results[0].status == .rejected)
        #expect(try await store.trial(id: old.trialId)?.attempts == 0)
        #expect(try await store.trial(id: old.trialId)?.state == .pending)
    }

    @Test func invalidMetricsFromTheCurrentLeaseAreRejectedAndCountAsAFailure() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f)
        let g = try await store.lease(worker: "w1", slots: 1, now: t0).leases[0]
        var m = StoreFixture.metrics(steps: 10)
        m.deadFraction = 1.5
        let ack = try await store.record([StoreFixture.result(g, metrics: m)], now: t0)
        #expect(ack.results[0].status == .rejected)
        #expect(ack.results[0].detail?.contains("deadFraction") == true)
        #expect(ack.results[0].detail?.contains("failed attempt 1 of 3") == true)
        let info = try await store.trial(id: g.trialId)
        #expect(info?.attempts == 1 && info?.state == .pending && info?.hasResult == false)
        // Steps that do not match the config are invalid too.
        let g2 = try await store.lease(worker: "w1", slots: 1, now: t0).leases[0]
        let wrongSteps = try await store.record([StoreFixture.result(g2, metrics: StoreFixture.metrics(steps: 99))], now: t0)
        #expect(wrongSteps.results[0].detail?.contains("steps") == true)
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func aLateResultRescuesAFailedTrial() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f, maxAttempts: 1)
        let slow = try await store.lease(worker: "slow", slots: 1, now: t0, leaseSeconds: 10).leases[0]
        let g = try await store.lease(worker: "w1", slots: 1, now: t0.addingTimeInterval(11)).leases[0]
        _ = try await store.record([StoreFixture.failure(g, "boom")], now: t0.addingTimeInterval(12))
        #expect(try await store.trial(id: g.trialId)?.state == .failed)
        #expect(try await store.record([StoreFixture.result(slow)], now: t0.addingTimeInterval(13)).results[0].status == .stored)
        #expect(try await store.trial(id: g.trialId)?.state == .done)
        #expect(try await store.status(sweepId: "g").counts == TrialCounts(done: 1))
        #expect(try await store.checkInvariants().isEmpty)
    }

    @Test func failOutsideTheResultPathSpendsTheBudget() async throws {
        let f = try StoreFixture()
        let store = try await oneTrialStore(f, maxAttempts: 2)
        let g = try await store.lease(worker: "w1", slots: 1, now: t0).leases[0]
        #expect(try await store.fail(trialId: g.trialId, error: "worker crashed", now: t0) == .pending)
        #expect(try await store.heartbeat(worker: "w1", leaseIds: [g.leaseId], now: t0).leases[0].reason == "failed")
        #expect(try await store.fail(trialId: g.trialId, error: "worker crashed again", now: t0) == .failed)
        #expect(try await store.trial(id: g.trialId)?.lastError == "worker crashed again")
        #expect(try await store.checkInvariants().isEmpty)
    }
}
