import Foundation
import SweepModel
import SweepStore
import Testing
import TestSupport

/// Leases expire by the coordinator's clock, here a manual one: a lease of 60 s expires when the
/// test moves the clock past it, however fast or slow the machine is.
@Suite(.timeLimit(.minutes(1)))
struct LeaseExpiryTests {
    @Test func theTimerRequeuesAnExpiredLeaseWithoutSpendingTheRetryBudget() async throws {
        let clock = ManualClock()
        try await TestServer.with(configure: { $0.leaseSeconds = 60; $0.expiryInterval = 0.05; $0.clock = StoreClock(now: clock.now) }) { server in
            _ = try await server.submit(TestData.grid("exp", std: [1], momentum: [0], seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            // Not expired at 59 s: the timer ticks and leaves it leased.
            clock.advance(seconds: 59)
            #expect(try await server.store.expire() == 0)
            #expect(try await server.store.trial(id: grant.trialId)?.state == .leased)
            clock.advance(seconds: 2)

            // Nobody asks for leases: only the coordinator's timer can requeue it.
            try await eventually("the expired lease requeued") { try await server.store.trial(id: grant.trialId)?.state == .pending }
            let info = try #require(try await server.store.trial(id: grant.trialId))
            #expect(info.attempts == 0)
            #expect(info.lastError == nil)
            let status = try await server.get("/v1/sweeps/exp").decode(SweepStatus.self)
            #expect(status.counts == TrialCounts(pending: 1))
            #expect(try await server.get("/metrics").text.contains("relusweep_leases_expired_total 1"))

            // The expired holder is told to stop; the trial is leased again under epoch 2.
            let beat = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: [grant.leaseId]))
                .decode(HeartbeatResponse.self)
            #expect(beat.leases.first?.status == .stop)
            #expect(beat.leases.first?.reason == "expired")
            let again = try #require(try await server.lease(worker: "w2", slots: 1).leases.first)
            #expect(again.trialId == grant.trialId)
            #expect(again.epoch == 2)
        }
    }

    @Test func heartbeatsKeepALeaseAlivePastItsFirstExpiry() async throws {
        let clock = ManualClock()
        try await TestServer.with(configure: { $0.leaseSeconds = 60; $0.expiryInterval = 0.05; $0.clock = StoreClock(now: clock.now) }) { server in
            _ = try await server.submit(TestData.grid("hb", std: [1], momentum: [0], seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            // Renew every 40 s for 400 s: almost seven lease lengths.
            for _ in 0..<10 {
                let beat = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: [grant.leaseId]))
                    .decode(HeartbeatResponse.self)
                #expect(beat.leases.first?.status == .renewed)
                clock.advance(seconds: 40)
                #expect(try await server.store.expire() == 0)
            }
            let ack = try await server.record([TestData.result(grant)])
            #expect(ack.results.first?.status == .stored)
            #expect(try await server.store.trial(id: grant.trialId)?.epoch == 1)
        }
    }
}
