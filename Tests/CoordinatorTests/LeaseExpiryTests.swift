import Foundation
import SweepModel
import SweepStore
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(1)))
struct LeaseExpiryTests {
    @Test func theTimerRequeuesAnExpiredLeaseWithoutSpendingTheRetryBudget() async throws {
        try await TestServer.with(configure: { $0.leaseSeconds = 1; $0.expiryInterval = 0.2 }) { server in
            _ = try await server.submit(TestData.grid("exp", std: [1], momentum: [0], seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            #expect(try await server.store.trial(id: grant.trialId)?.state == .leased)

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
        try await TestServer.with(configure: { $0.leaseSeconds = 1; $0.expiryInterval = 0.1 }) { server in
            _ = try await server.submit(TestData.grid("hb", std: [1], momentum: [0], seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            // Renew every 200 ms for 2 s: twice the lease length.
            for _ in 0..<10 {
                let beat = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: [grant.leaseId]))
                    .decode(HeartbeatResponse.self)
                #expect(beat.leases.first?.status == .renewed)
                try await Task.sleep(for: .milliseconds(200))
            }
            let ack = try await server.record([TestData.result(grant)])
            #expect(ack.results.first?.status == .stored)
            #expect(try await server.store.trial(id: grant.trialId)?.epoch == 1)
        }
    }
}
