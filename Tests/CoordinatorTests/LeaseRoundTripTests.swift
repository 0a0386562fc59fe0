import Foundation
import ReLUCore
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct LeaseRoundTripTests {
    @Test func leaseHeartbeatResultsRoundTripFinishesTheSweep() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("rt", seeds: 2))

            let lease = try await server.lease(worker: "w1", slots: 5)
            #expect(lease.leases.count == 5)
            #expect(lease.leases.allSatisfy { $0.epoch == 1 && $0.sweepId == "rt" && $0.config.model == .single })
            #expect(Set(lease.leases.map(\.trialId)).count == 5)
            let status = try await server.get("/v1/sweeps/rt").decode(SweepStatus.self)
            #expect(status.counts == TrialCounts(pending: 3, leased: 5))

            // Batch heartbeat renews every lease, in order.
            let ids = lease.leases.map(\.leaseId)
            let beat = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: ids))
                .decode(HeartbeatResponse.self)
            #expect(beat.leases.map(\.leaseId) == ids)
            #expect(beat.leases.allSatisfy { $0.status == .renewed && $0.expiresAt != nil })
            // DESIGN.md's single-lease form answers one renewal.
            let single = try await server.post("/v1/leases/\(ids[0])/heartbeat", json: #"{"worker":"w1"}"#)
                .decode(LeaseRenewal.self)
            #expect(single.leaseId == ids[0])
            #expect(single.status == .renewed)

            // A bare array of items is accepted too.
            let items = lease.leases.map { TestData.result($0) }
            let ack = try await server.post("/v1/results", items).decode(ResultAck.self)
            #expect(ack.results.map(\.trialId) == lease.leases.map(\.trialId))
            #expect(ack.results.allSatisfy { $0.status == .stored })
            // Acknowledged only after commit: the store has them now.
            for g in lease.leases {
                #expect(try await server.store.trial(id: g.trialId)?.hasResult == true)
            }
            // Completed leases answer stop on a later heartbeat.
            let after = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: [ids[1]]))
                .decode(HeartbeatResponse.self)
            #expect(after.leases.first?.status == .stop)
            #expect(after.leases.first?.reason == "completed")

            let rest = try await server.lease(worker: "w2", slots: 10)
            #expect(rest.leases.count == 3)
            _ = try await server.record(rest.leases.map { TestData.result($0, worker: "w2") })
            let done = try await server.get("/v1/sweeps/rt").decode(SweepStatus.self)
            #expect(done.state == .finished)
            #expect(done.counts == TrialCounts(done: 8))
            let empty = try await server.lease(worker: "w1", slots: 1)
            #expect(empty.leases.isEmpty)
            #expect(empty.finished)

            let workers = try await server.get("/v1/workers").decode(WorkerListBody.self).workers
            #expect(workers.map(\.name) == ["w1", "w2"])
            #expect(workers.map(\.done) == [5, 3])
            #expect(try await server.store.checkInvariants().isEmpty)
        }
    }

    @Test func releaseReturnsTrialsAtOnceWithoutSpendingTheBudget() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("rel", seeds: 1))
            let lease = try await server.lease(slots: 2)
            let released = try await server.post("/v1/leases/release",
                                                  ReleaseRequest(worker: "w1", leaseIds: lease.leases.map(\.leaseId)))
                .decode(ReleaseResponse.self)
            #expect(released.released == 2)
            for g in lease.leases {
                let t = try #require(try await server.store.trial(id: g.trialId))
                #expect(t.state == .pending)
                #expect(t.attempts == 0)
            }
            // Releasing again counts nothing and is not an error.
            let again = try await server.post("/v1/leases/release",
                                              ReleaseRequest(worker: "w1", leaseIds: lease.leases.map(\.leaseId)))
                .decode(ReleaseResponse.self)
            #expect(again.released == 0)
            let next = try await server.lease(slots: 4)
            #expect(next.leases.count == 4)
            #expect(Set(lease.leases.map(\.trialId)).isSubset(of: Set(next.leases.map(\.trialId))))
            #expect(next.leases.filter { lease.leases.map(\.trialId).contains($0.trialId) }.allSatisfy { $0.epoch == 2 })
        }
    }

    @Test func eventsAndInfoDescribeTheCoordinator() async throws {
        try await TestServer.with(configure: { $0.leaseSeconds = 42; $0.maxBodyBytes = 1 << 20 }) { server in
            let info = try await server.get("/v1/info").decode(CoordinatorInfo.self)
            #expect(info == CoordinatorInfo(protocolVersion: SweepModel.protocolVersion, leaseSeconds: 42, maxBodyBytes: 1 << 20,
                                            readsNeedToken: false))
            _ = try await server.submit(TestData.grid("ev", seeds: 1))
            _ = try await server.lease(slots: 1)
            let events = try await server.get("/v1/events?after=0").decode(EventListBody.self)
            #expect(events.events.map(\.kind).contains("submit"))
            #expect(events.events.map(\.kind).contains("lease"))
            let later = try await server.get("/v1/events?after=\(events.next)").decode(EventListBody.self)
            #expect(later.events.isEmpty)
            #expect(later.next == events.next)
            #expect(try await server.get("/v1/events?limit=0").status == 400)
        }
    }
}

/// `GET /v1/workers` as a client decodes it.
struct WorkerListBody: Decodable {
    var workers: [WorkerStatus]
}

/// `GET /v1/events` as a client decodes it.
struct EventListBody: Decodable {
    struct Event: Decodable {
        var seq: Int64
        var kind: String
        var sweep: String?
        var trial: String?
    }

    var events: [Event]
    var next: Int64
}
